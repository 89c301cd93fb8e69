use aps_diag::{declare_rule, violation};

declare_rule! {
    /// `manifest.json` is not `{"format": "aps-pack-zstack-manifest-1", "artefacts":
    /// [{"path": …, "size": …, "sha256": …}]}` with relative paths, sizes and 64-hex-digit digests.
    ///
    /// **Why:** a manifest that cannot be read checks nothing.
    ///
    /// **Fix:** publish again with `aps-pack zstack publish`.
    pub static MANIFEST_MALFORMED = {
        code: "ZST211", name: "manifest-malformed", group: "zstack",
        severity: Error, summary: "`manifest.json` does not have the expected shape",
    };
}

/// What manifest.json lacks or has in the wrong shape (`path`: an artefact's path).
pub enum ManifestMalformed<'a> {
    Format { expected: &'a str },
    ArtefactsNotArray,
    IncompleteArtefact,
    PathOutside { path: &'a str },
    BadSha256 { path: &'a str },
    ListedTwice { path: &'a str },
}

violation! { ManifestMalformed<'_> => MANIFEST_MALFORMED,
    message: |v| match v {
        Self::Format { expected } => format!("`format` must be \"{expected}\""),
        Self::ArtefactsNotArray => "`artefacts` must be an array".into(),
        Self::IncompleteArtefact => {
            "an artefact needs `path` (string), `size` (number) and `sha256`".into()
        }
        Self::PathOutside { path } => format!("`{path}` is not a relative path inside the repository"),
        Self::BadSha256 { path } => format!("the SHA-256 of `{path}` is not 64 lower-case hex digits"),
        Self::ListedTwice { path } => format!("`{path}` is listed twice"),
    },
    help: |_| "publish again with `aps-pack zstack publish`".into(),
}
