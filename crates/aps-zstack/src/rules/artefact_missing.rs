use aps_diag::declare_rule;

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
