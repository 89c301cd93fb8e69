use aps_diag::rule;

rule! {
    /// `manifest.json` lists a file that the repository does not hold.
    ///
    /// **Why:** the version it belongs to cannot be downloaded completely.
    ///
    /// **Fix:** upload it again, or publish the version again.
    pub static ARTEFACT_MISSING: "ZST213" "artefact-missing" zstack Error
        "an artefact listed in the manifest is missing";

    /// An artefact the manifest lists that is not there.
    pub struct ArtefactMissing<'a> { pub path: &'a str }
        => format!("`{path}` is listed in manifest.json but missing"),
        help: "upload it again, or publish the version again".into();
}
