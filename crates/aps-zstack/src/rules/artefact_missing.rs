use aps_diag::rule;

rule! { ARTEFACT_MISSING;
    //! `manifest.json` lists a file that the repository does not hold.
    //!
    //! **Why:** the version it belongs to cannot be downloaded completely.
    //!
    //! **Fix:** upload it again, or publish the version again.

    /// An artefact the manifest lists that is not there.
    pub struct ArtefactMissing<'a> { pub path: &'a str }
        => format!("`{path}` is listed in manifest.json but missing"),
        help: "upload it again, or publish the version again".into();
}
