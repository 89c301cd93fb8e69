use aps_diag::declare_rule;

declare_rule! {
    /// Reports a package folder or archive without an `APP-META.xml` at its root.
    ///
    /// ## Why
    /// APP-META.xml is what makes a folder an APS package; nothing else can be checked or built without
    /// it.
    ///
    /// ## Example
    /// A folder holding `scripts/` and `schemas/` but no `APP-META.xml`.
    ///
    /// ## Fix
    /// Create `APP-META.xml` at the package root, or point aps-pack at the right folder.
    pub static MISSING_APP_META = {
        code: "APS118", name: "package-without-app-meta", group: "package",
        severity: Error, summary: "package has no APP-META.xml",
    };
}
