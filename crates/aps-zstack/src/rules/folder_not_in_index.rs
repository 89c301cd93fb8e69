use crate::repo::{IndexDoc, Layout};
use aps_diag::{join_display, rule, Diagnostic, Violation};

rule! { FOLDER_NOT_IN_INDEX;
    //! The repository holds `app/arch/version/`, but `index.json` does not list it.
    //!
    //! **Why:** the version is uploaded yet invisible to every marketplace server.
    //! It is an error because it is what a lost update looks like: two publishers
    //! that rewrote `index.json` at once without taking turns, or a publish that
    //! stopped between uploading the artefacts and listing them (run it again).
    //!
    //! **Fix:** regenerate the index with `aps-pack zstack index REPO` (or remove the folder).

    /// A version folder index.json does not list.
    pub struct FolderNotInIndex<'a> { pub app: &'a str, pub arch: &'a str, pub version: &'a str }
        => format!("{app}/{arch}/{version}/ is not listed in index.json"),
        help: "regenerate the index with `aps-pack zstack index REPO`, or remove the folder".into();
}

/// Every version folder of the scan against the index (unless the index has errors of its own).
pub(crate) fn check(index: &IndexDoc, layout: &Layout, display: &str, diags: &mut Vec<Diagnostic>) {
    for (app, arches) in layout {
        for (arch, versions) in arches {
            for version in versions {
                if !index.spans.contains_key(&(app.clone(), arch.clone(), version.clone()))
                    && !index.has_errors()
                {
                    let rel = format!("{app}/{arch}/{version}");
                    diags.push(
                        FolderNotInIndex { app, arch, version }
                            .diagnostic()
                            .at_path(join_display(display, &rel)),
                    );
                }
            }
        }
    }
}
