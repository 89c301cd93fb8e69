use aps_diag::declare_rule;

declare_rule! {
    /// An `application.tar.gz` or `image.qcow2` of the repository has no entry in `manifest.json`.
    ///
    /// **Why:** it was put there by hand or by another tool and nothing vouches for its content.
    ///
    /// **Fix:** publish it with `aps-pack zstack publish --force`.
    pub static ARTEFACT_NOT_IN_MANIFEST = {
        code: "ZST214", name: "artefact-not-in-manifest", group: "zstack",
        severity: Warning, summary: "an artefact of the repository is not in the manifest",
    };
}
