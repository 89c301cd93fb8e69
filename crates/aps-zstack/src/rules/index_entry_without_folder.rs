use crate::repo::{IndexDoc, Layout};
use aps_diag::{rule, Diagnostic, Violation};

rule! { INDEX_ENTRY_WITHOUT_FOLDER;
    //! `index.json` lists `app/arch/version`, but the repository has no such folder.
    //!
    //! **Why:** the marketplace offers a version whose download fails.
    //!
    //! **Fix:** publish the version again, or regenerate the index with `aps-pack zstack index REPO`.

    /// A version index.json lists with no folder.
    pub struct IndexEntryWithoutFolder<'a> { pub app: &'a str, pub arch: &'a str, pub version: &'a str }
        => format!("index.json lists {app} {arch} {version}, but {app}/{arch}/{version}/ does not exist"),
        help: "publish the version again, or regenerate the index with `aps-pack zstack index REPO`".into();
}

/// Every version of the index against the folders of the scan.
pub(crate) fn check(index: &IndexDoc, layout: &Layout, diags: &mut Vec<Diagnostic>) {
    for ((app, arch, version), span) in &index.spans {
        if !layout.get(app).and_then(|a| a.get(arch)).is_some_and(|v| v.contains(version)) {
            diags.push(
                IndexEntryWithoutFolder { app, arch, version }
                    .diagnostic()
                    .at(&index.file, *span)
                    .with_label("no such version folder"),
            );
        }
    }
}
