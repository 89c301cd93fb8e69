use aps_diag::rule;

rule! { MISSING_APP_META;
    //! Reports a package folder or archive without `APP-META.xml` at its root.
    //!
    //! ## Why
    //! APP-META.xml is the package: without it there is nothing to import.
    //!
    //! ## Example
    //! ```text
    //! my-app/
    //!   metadata/APP-META.xml   (one level too deep)
    //! ```
    //!
    //! ## Fix
    //! Point aps-pack at the folder that holds APP-META.xml (or set `[package] root` in `aps-pack.toml`).

    /// A package without APP-META.xml at its root.
    pub enum MissingAppMeta {
        Archive => "the archive has no APP-META.xml at its root".into(),
            help: "an APS package archive holds APP-META.xml at its root, not in a folder".into();
        Folder => "the package folder has no APP-META.xml".into(),
            help: "point aps-pack at the folder that holds APP-META.xml".into();
    }
}
