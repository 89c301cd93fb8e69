use aps_diag::rule;

rule! { MISSING_APP_META;
    //! Reports a package folder or archive without an `APP-META.xml` at its root.
    //!
    //! ## Why
    //! APP-META.xml is what makes a folder an APS package; nothing else can be checked or built without
    //! it.
    //!
    //! ## Example
    //! A folder holding `scripts/` and `schemas/` but no `APP-META.xml`.
    //!
    //! ## Fix
    //! Create `APP-META.xml` at the package root, or point aps-pack at the right folder.

    /// A package without APP-META.xml at its root.
    pub(crate) struct MissingAppMeta => "the package has no APP-META.xml at its root".into(),
        help: "an APS package has APP-META.xml at its root; check the path".into();
}
