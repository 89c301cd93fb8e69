use aps_diag::declare_rule;

declare_rule! {
    /// A file listed in `manifest.json` exists, but its size or SHA-256 differs.
    ///
    /// **Why:** it was truncated by an interrupted upload, altered, or replaced without
    /// updating the manifest: installing it gives users something nobody released.
    ///
    /// **Fix:** upload the artefact again (or publish it again with `aps-pack zstack publish --force`).
    pub static ARTEFACT_MISMATCH = {
        code: "ZST212", name: "artefact-mismatch", group: "zstack",
        severity: Error, summary: "an artefact's size or SHA-256 differs from the manifest",
    };
}
