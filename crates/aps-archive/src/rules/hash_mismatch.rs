use aps_diag::rule;

rule! { HASH_MISMATCH;
    //! Reports a file whose SHA-256 differs from the `sha256` APP-LIST.xml gives for it.
    //!
    //! ## Why
    //! The file was changed after APP-LIST.xml was written (and after it was signed, if it was).
    //!
    //! ## Example
    //! ```xml
    //! <file name="scripts/app.php" size="200" sha256="aa…"/>   <!-- the content hashes to bb… -->
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    /// A file whose SHA-256 is not the listed one.
    pub struct HashMismatch<'a> { pub name: &'a str }
        => format!("the SHA-256 of `{name}` differs from APP-LIST.xml");
}
