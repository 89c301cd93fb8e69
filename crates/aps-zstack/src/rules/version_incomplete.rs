use aps_diag::{declare_rule, Rule, Violation};

declare_rule! {
    /// A `app/arch/version/` folder lacks `application.tar.gz`.
    ///
    /// **Why:** ZStack's index counts every version folder, so the marketplace offers a
    /// version that cannot be installed.
    ///
    /// **Fix:** publish the version again, or remove the folder and regenerate the index.
    pub static VERSION_INCOMPLETE = {
        code: "ZST220", name: "version-incomplete", group: "zstack",
        severity: Error, summary: "a version folder of the repository has no `application.tar.gz`",
    };
}

/// A version folder (`rel`: `app/arch/version`) without application.tar.gz.
pub struct VersionIncomplete<'a> {
    pub rel: &'a str,
}

impl Violation for VersionIncomplete<'_> {
    fn rule(&self) -> &'static Rule {
        &VERSION_INCOMPLETE
    }
    fn message(&self) -> String {
        format!("{}/ has no application.tar.gz", self.rel)
    }
    fn help(&self) -> Option<String> {
        Some("publish the version again, or remove the folder and regenerate the index".into())
    }
}
