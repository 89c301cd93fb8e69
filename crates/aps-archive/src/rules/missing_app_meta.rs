use aps_diag::declare_rule;

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
