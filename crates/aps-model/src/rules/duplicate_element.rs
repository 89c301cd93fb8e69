use aps_diag::rule;

rule! { DUPLICATE_ELEMENT;
    //! Reports a second `<id>`, `<name>`, `<version>`, `<release>`, `<presentation>`, `<upgrade>`…
    //! where only one is allowed.
    //!
    //! ## Why
    //! Tools disagree on which one wins; the controller's schema rejects the file.
    //!
    //! ## Example
    //! ```xml
    //! <version>1.0</version>
    //! <version>1.1</version>
    //! ```
    //!
    //! ## Fix
    //! Keep one.

    /// A singleton element that appears a second time.
    pub(crate) struct DuplicateElement<'a> { pub name: &'a str }
        => format!("`<{name}>` appears more than once"),
        help: "keep one of them".into();
}
