use aps_diag::{declare_rule, violation};

declare_rule! {
    /// The repository holds no `manifest.json` (sizes and SHA-256 of every artefact),
    /// so its artefacts cannot be checked.
    ///
    /// **Why:** without checksums, a truncated or altered `image.qcow2` on the CDN is
    /// only noticed when a deployment fails.
    ///
    /// **Fix:** publish with `aps-pack zstack publish`, which writes the manifest.
    pub static MANIFEST_MISSING = {
        code: "ZST210", name: "manifest-missing", group: "zstack",
        severity: Warning, summary: "the repository has no checksum manifest",
    };
}

/// A repository without manifest.json.
pub struct ManifestMissing;

violation! { ManifestMissing => MANIFEST_MISSING,
    message: |_| "the repository has no manifest.json: its artefacts cannot be checked".into(),
    help: |_| "publish with `aps-pack zstack publish`, which writes it".into(),
}
