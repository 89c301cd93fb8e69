use aps_diag::{declare_rule, Rule, Violation};

declare_rule! {
    /// `manifest.json` lists a file that the repository does not hold.
    ///
    /// **Why:** the version it belongs to cannot be downloaded completely.
    ///
    /// **Fix:** upload it again, or publish the version again.
    pub static ARTEFACT_MISSING = {
        code: "ZST213", name: "artefact-missing", group: "zstack",
        severity: Error, summary: "an artefact listed in the manifest is missing",
    };
}

/// An artefact the manifest lists that is not there.
pub struct ArtefactMissing<'a> {
    pub path: &'a str,
}

impl Violation for ArtefactMissing<'_> {
    fn rule(&self) -> &'static Rule {
        &ARTEFACT_MISSING
    }
    fn message(&self) -> String {
        format!("`{}` is listed in manifest.json but missing", self.path)
    }
    fn help(&self) -> Option<String> {
        Some("upload it again, or publish the version again".into())
    }
}
