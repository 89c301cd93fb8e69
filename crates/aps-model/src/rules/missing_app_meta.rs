use aps_diag::{declare_rule, Rule, Violation};

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

impl Violation for MissingAppMeta {
    fn rule(&self) -> &'static Rule {
        &MISSING_APP_META
    }
    fn message(&self) -> String {
        "the package has no APP-META.xml at its root".into()
    }
    fn help(&self) -> Option<String> {
        Some("an APS package has APP-META.xml at its root; check the path".into())
    }
}
