use aps_diag::rule;

rule! { MANIFEST_MALFORMED;
    //! `manifest.json` is not `{"format": "aps-pack-zstack-manifest-1", "artefacts":
    //! [{"path": …, "size": …, "sha256": …}]}` with relative paths, sizes and 64-hex-digit digests.
    //!
    //! **Why:** a manifest that cannot be read checks nothing.
    //!
    //! **Fix:** publish again with `aps-pack zstack publish`.

    /// What manifest.json lacks or has in the wrong shape (`path`: an artefact's path).
    pub enum ManifestMalformed<'a> {
        Format { expected: &'a str } => format!("`format` must be \"{expected}\"");
        ArtefactsNotArray => "`artefacts` must be an array".into();
        IncompleteArtefact => "an artefact needs `path` (string), `size` (number) and `sha256`".into();
        PathOutside { path: &'a str } => format!("`{path}` is not a relative path inside the repository");
        BadSha256 { path: &'a str } => format!("the SHA-256 of `{path}` is not 64 lower-case hex digits");
        ListedTwice { path: &'a str } => format!("`{path}` is listed twice");
    } help: "publish again with `aps-pack zstack publish`".into();
}
