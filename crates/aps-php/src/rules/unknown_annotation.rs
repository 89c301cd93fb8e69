use crate::annotations::list;
use aps_diag::rule;

rule! { UNKNOWN_ANNOTATION;
    //! A docblock annotation that looks like an APS annotation but is not one.
    //!
    //! ## What it does
    //! Reports `@name(...)` tags in a class, property or method docblock that the
    //! APS PHP runtime does not read, and misspellings of APS annotations
    //! (`@Description`, `@requierd`). Tags of phpDocumentor, PHPUnit, PHPStan
    //! and Psalm (`@param $x`, `@return array`, `@throws`, `@covers`, …) are left alone.
    //!
    //! ## Why
    //! The runtime matches annotation names exactly and silently ignores any
    //! other, so a typo quietly drops a title, a description or a `required`
    //! flag from the generated schema.
    //!
    //! ## Example
    //! ```php
    //! /**
    //!  * @type(string)
    //!  * @Description("Domain status")
    //!  */
    //! public $status;
    //! ```
    //!
    //! ## Fix
    //! Use the exact (lower-case) annotation name: `@description("Domain status")`.

    /// An annotation name the APS runtime does not read.
    pub struct UnknownAnnotation<'a> {
        pub name: &'a str,
        /// "Did you mean" among the APS annotations.
        pub suggestion: Option<String>,
        /// Where it is (`a property`) and the annotations allowed there.
        pub place: &'a str,
        pub allowed: &'a [&'a str],
    } => format!("unknown annotation `@{name}`"),
        help?: suggestion
            .clone()
            .or_else(|| Some(format!("annotations of {}: {}", place, list(allowed))));
}
