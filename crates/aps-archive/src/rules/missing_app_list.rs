use aps_diag::rule;

rule! { MISSING_APP_LIST;
    //! Reports an archive without `APP-LIST.xml` at its root.
    //!
    //! ## Why
    //! APP-LIST.xml lists every file with its size and SHA-256 and is what a signature covers; the
    //! controller refuses a package without it.
    //!
    //! ## Example
    //! ```text
    //! my-app.zip made with `zip -r`
    //! ```
    //!
    //! ## Fix
    //! Build the archive with `aps-pack build`, which generates APP-LIST.xml.

    /// An archive without APP-LIST.xml.
    pub struct MissingAppList => "the archive has no APP-LIST.xml".into(),
        help: "build the archive with `aps-pack build`, which writes APP-LIST.xml".into();
}
