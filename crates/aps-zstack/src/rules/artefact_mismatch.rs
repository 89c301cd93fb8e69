use aps_diag::rule;

rule! { ARTEFACT_MISMATCH;
    //! A file listed in `manifest.json` exists, but its size or SHA-256 differs.
    //!
    //! **Why:** it was truncated by an interrupted upload, altered, or replaced without
    //! updating the manifest: installing it gives users something nobody released.
    //!
    //! **Fix:** upload the artefact again (or publish it again with `aps-pack zstack publish --force`).

    /// An artefact whose size or digest differs from the manifest's.
    pub enum ArtefactMismatch<'a> {
        Size { path: &'a str, size: u64, expected: u64 }
            => format!("`{path}` is {size} bytes, the manifest says {expected} (truncated or replaced)");
        Sha256 { path: &'a str, sha256: &'a str, expected: &'a str }
            => format!("`{path}` has SHA-256 {sha256}, the manifest says {expected}");
    } help: "upload it again, or publish it again with `--force`".into();
}
