use aps_diag::rule;

rule! { PHP_SYNTAX;
    //! A comment, string or heredoc in a PHP script is never closed.
    //!
    //! ## What it does
    //! Reports `/*` without `*/`, a quote without its closing quote and a
    //! heredoc without its closing identifier. aps-pack does not run PHP; it
    //! only reads declarations and docblocks, and tolerates everything else.
    //!
    //! ## Why
    //! Everything after the unterminated construct is invisible to the reader,
    //! so classes, properties and operations after it are missing from the
    //! generated schema (and PHP itself would refuse the file).
    //!
    //! ## Fix
    //! Close the construct; `php -l scripts/file.php` shows the same error.

    /// A comment, string or heredoc that the script never closes.
    pub struct PhpSyntax<'a> {
        /// `comment`, `string`, `heredoc`.
        pub what: &'a str,
    } => format!("unterminated {what} in a PHP script");
}
