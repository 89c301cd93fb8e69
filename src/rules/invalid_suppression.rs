use aps_diag::rule;

rule! { INVALID_SUPPRESSION;
    //! An `aps-pack:` comment that cannot be read as a suppression: an unknown directive, no
    //! rule named, or a code, name, prefix or group that does not exist.
    //!
    //! ## Why
    //! A suppression with a misspelt code suppresses nothing, so the finding it was meant for
    //! stays, or a later one of the intended rule is not suppressed when expected. Saying so
    //! beats silently ignoring the comment.
    //!
    //! ## Example
    //! ```xml
    //! <!-- aps-pack: ignore APS015 -->
    //! ```
    //!
    //! ## Fix
    //! Write `aps-pack: ignore CODE[, CODE…]` (the next element, JSON member or line) or
    //! `aps-pack: ignore-file CODE[, CODE…]` (the whole file), with codes, names, prefixes or
    //! groups that `aps-pack rules` lists.

    impl InvalidSuppression<'_> {
        message: |v| match v {
            InvalidSuppression::UnknownDirective { word } => {
                format!("unknown suppression directive `{word}` (expected `ignore` or `ignore-file`)")
            }
            InvalidSuppression::NoRules { directive } => {
                format!("`aps-pack: {directive}` names no rule")
            }
            InvalidSuppression::UnknownRule { failure } => format!("suppression of an {}", failure.message),
        },
        help?: |v| match v {
            InvalidSuppression::UnknownDirective { word } => {
                aps_diag::did_you_mean_help(word, DIRECTIVES.iter().copied())
                    .or_else(|| Some("write `aps-pack: ignore CODE` or `aps-pack: ignore-file CODE`".into()))
            }
            InvalidSuppression::NoRules { directive } => Some(format!(
                "name what to suppress: `aps-pack: {directive} APS105` (codes, names, prefixes or groups)"
            )),
            InvalidSuppression::UnknownRule { failure } => failure.help.clone(),
        },
    }
}

/// Why an `aps-pack:` comment is not a suppression.
pub enum InvalidSuppression<'a> {
    UnknownDirective { word: &'a str },
    NoRules { directive: &'a str },
    UnknownRule { failure: &'a aps_diag::Failure },
}

/// The directives a suppression comment may use.
pub const DIRECTIVES: &[&str] = &["ignore", "ignore-file"];
