use aps_diag::declare_rule;

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
