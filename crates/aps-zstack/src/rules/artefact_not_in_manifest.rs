use crate::repo::ManifestDoc;
use aps_diag::{join_display, rule, Diagnostic, Violation};
use std::collections::BTreeSet;

rule! { ARTEFACT_NOT_IN_MANIFEST;
    //! An `application.tar.gz` or `image.qcow2` of the repository has no entry in `manifest.json`.
    //!
    //! **Why:** it was put there by hand or by another tool and nothing vouches for its content.
    //!
    //! **Fix:** publish it with `aps-pack zstack publish --force`.

    /// An artefact the manifest does not list.
    pub struct ArtefactNotInManifest<'a> { pub path: &'a str }
        => format!("`{path}` is not in manifest.json"),
        help: "publish it with `aps-pack zstack publish --force` so the manifest vouches for it".into();
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
