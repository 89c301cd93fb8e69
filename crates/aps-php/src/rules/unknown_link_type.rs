use aps_diag::rule;

rule! { UNKNOWN_LINK_TYPE;
    //! A `@link` to a type in the package's own namespace, or a standard
    //! `http://aps-standard.org/types/…` id, that neither the package nor the
    //! type registry declares.
    //!
    //! ## What it does
    //! Checks the type id of every `@link("…")` (without its `[]` collection
    //! suffix) the way a relation in a schema file is checked (TYP205): against
    //! the types the package declares (schemas and PHP classes) and the standard
    //! APS types aps-pack knows. A type of the platform or of another application
    //! is not checked (the generated schema notes it, TYP211).
    //!
    //! ## Why
    //! A required relation to a type that does not exist can never be satisfied,
    //! so provisioning fails: that is an error. An optional one resolves to
    //! nothing: a warning. A typo in the id (a wrong version, a missing path
    //! segment) is the usual cause.
    //!
    //! ## Example
    //! ```php
    //! /**
    //!  * @link("http://example.com/app/tenat/1.0[]")
    //!  */
    //! public $tenants;
    //! ```
    //!
    //! ## Fix
    //! Correct the id.

    /// A `@link` to a type id nobody declares.
    pub struct UnknownLinkType<'a> {
        pub id: &'a str,
        /// "Did you mean" among the package's type ids.
        pub suggestion: Option<String>,
    } => format!("`@link` to unknown type `{id}`"),
        help?: suggestion.clone();
}
