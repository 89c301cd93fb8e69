use aps_diag::{declare_rule, Rule, Violation};

declare_rule! {
    /// Reports an archive without `APP-LIST.xml` at its root.
    ///
    /// ## Why
    /// APP-LIST.xml lists every file with its size and SHA-256 and is what a signature covers; the
    /// controller refuses a package without it.
    ///
    /// ## Example
    /// ```text
    /// my-app.zip made with `zip -r`
    /// ```
    ///
    /// ## Fix
    /// Build the archive with `aps-pack build`, which generates APP-LIST.xml.
    pub static MISSING_APP_LIST = {
        code: "PKG107", name: "missing-app-list", group: "archive",
        severity: Error, summary: "archive has no APP-LIST.xml",
    };
}

/// An archive without APP-LIST.xml.
pub struct MissingAppList;

impl Violation for MissingAppList {
    fn rule(&self) -> &'static Rule {
        &MISSING_APP_LIST
    }
    fn message(&self) -> String {
        "the archive has no APP-LIST.xml".into()
    }
    fn help(&self) -> Option<String> {
        Some("build the archive with `aps-pack build`, which writes APP-LIST.xml".into())
    }
}
