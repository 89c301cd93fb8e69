use aps_diag::{declare_rule, violation};

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

violation! { MissingAppList => MISSING_APP_LIST,
    message: |_| "the archive has no APP-LIST.xml".into(),
    help: |_| "build the archive with `aps-pack build`, which writes APP-LIST.xml".into(),
}
