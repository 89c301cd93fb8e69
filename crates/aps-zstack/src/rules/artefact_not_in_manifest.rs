use crate::repo::ManifestDoc;
use aps_diag::{declare_rule, join_display, Diagnostic, Rule, Violation};
use std::collections::BTreeSet;

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

/// An artefact the manifest does not list.
pub struct ArtefactNotInManifest<'a> {
    pub path: &'a str,
}

impl Violation for ArtefactNotInManifest<'_> {
    fn rule(&self) -> &'static Rule {
        &ARTEFACT_NOT_IN_MANIFEST
    }
    fn message(&self) -> String {
        format!("`{}` is not in manifest.json", self.path)
    }
    fn help(&self) -> Option<String> {
        Some("publish it with `aps-pack zstack publish --force` so the manifest vouches for it".into())
    }
}

/// The artefacts found in the version folders (`present`) against the manifest.
pub(crate) fn check(
    present: &BTreeSet<String>,
    manifest: &ManifestDoc,
    display: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for path in present.iter().filter(|p| !manifest.entries.contains_key(*p)) {
        diags.push(ArtefactNotInManifest { path }.diagnostic().at_path(join_display(display, path)));
    }
}
