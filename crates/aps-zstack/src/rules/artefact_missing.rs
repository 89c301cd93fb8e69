use aps_diag::{declare_rule, violation};

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

violation! { ArtefactMissing<'_> => ARTEFACT_MISSING,
    message: |v| format!("`{}` is listed in manifest.json but missing", v.path),
    help: |_| "upload it again, or publish the version again".into(),
}
