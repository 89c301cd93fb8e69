use aps_diag::rule;

rule! { MANIFEST_MISSING;
    //! The repository holds no `manifest.json` (sizes and SHA-256 of every artefact),
    //! so its artefacts cannot be checked.
    //!
    //! **Why:** without checksums, a truncated or altered `image.qcow2` on the CDN is
    //! only noticed when a deployment fails.
    //!
    //! **Fix:** publish with `aps-pack zstack publish`, which writes the manifest.

    /// A repository without manifest.json.
    pub struct ManifestMissing
        => "the repository has no manifest.json: its artefacts cannot be checked".into(),
        help: "publish with `aps-pack zstack publish`, which writes it".into();
}
