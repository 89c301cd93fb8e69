use aps_diag::{declare_rule, violation};

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

/// A package without APP-META.xml at its root.
pub(crate) struct MissingAppMeta;

violation! { MissingAppMeta => MISSING_APP_META,
    message: |_| "the package has no APP-META.xml at its root".into(),
    help: |_| "an APS package has APP-META.xml at its root; check the path".into(),
}
