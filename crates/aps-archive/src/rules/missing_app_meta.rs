use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports a package folder or archive without `APP-META.xml` at its root.
    ///
    /// ## Why
    /// APP-META.xml is the package: without it there is nothing to import.
    ///
    /// ## Example
    /// ```text
    /// my-app/
    ///   metadata/APP-META.xml   (one level too deep)
    /// ```
    ///
    /// ## Fix
    /// Point aps-pack at the folder that holds APP-META.xml (or set `[package] root` in `aps-pack.toml`).
    pub static MISSING_APP_META = {
        code: "PKG006", name: "missing-app-meta", group: "archive",
        severity: Error, summary: "package has no APP-META.xml",
    };
}

/// A package without APP-META.xml at its root.
pub enum MissingAppMeta {
    Archive,
    Folder,
}

violation! { MissingAppMeta => MISSING_APP_META,
    message: |v| match v {
        Self::Archive => "the archive has no APP-META.xml at its root".into(),
        Self::Folder => "the package folder has no APP-META.xml".into(),
    },
    help: |v| match v {
        Self::Archive => "an APS package archive holds APP-META.xml at its root, not in a folder".into(),
        Self::Folder => "point aps-pack at the folder that holds APP-META.xml".into(),
    },
}
