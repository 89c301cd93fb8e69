//! `verify-repo`: a repository against its index, its manifest and the layout.

use super::index::{read_index, read_index_bytes, unindexable_diags, IndexDoc};
use super::manifest::{read_manifest, read_manifest_bytes, ManifestDoc, ManifestEntry};
use super::storage::{digest_stream, FolderStorage, Storage};
use super::targz_check::read_application_targz;
use super::{RepoError, ARTEFACTS, INDEX, MANIFEST};
use crate::lint::join_display;
use crate::rules::{
    self, AppIdFolderMismatch, ArchiveUnreadable, ArchiveUnsafeMember, ArtefactMismatch, ArtefactMissing,
    IndexMissing, ManifestMissing, UnexpectedRepoEntry, VersionIncomplete,
};
use crate::targz::Digest;
use aps_diag::{Diagnostic, Span, Violation};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

/// `aps-pack zstack verify-repo`: the whole repository against its index,
/// its manifest and the expected layout.
pub fn verify_repo(root: &Path, display: &str) -> Result<Vec<Diagnostic>, RepoError> {
    verify_in(&FolderStorage::new(root, display)?)
}

/// [`verify_repo`] for any storage: every artefact is streamed and checked.
pub fn verify_in(storage: &dyn Storage) -> Result<Vec<Diagnostic>, RepoError> {
    let display = storage.display();
    let mut diags = Vec::new();
    let scan = storage.scan()?;
    diags.extend(unindexable_diags(&scan, display));
    for (rel, why) in &scan.stray {
        diags.push(UnexpectedRepoEntry::Stray { rel, why }.diagnostic().at_path(join_display(display, rel)));
    }

    // The index against the folders.
    let index_display = join_display(display, INDEX);
    match load_index(storage, &index_display)? {
        None => diags.push(IndexMissing.diagnostic().at_path(index_display)),
        Some(doc) => {
            rules::index_entry_without_folder::check(&doc, &scan.layout, &mut diags);
            rules::folder_not_in_index::check(&doc, &scan.layout, display, &mut diags);
            diags.extend(doc.diagnostics);
        }
    }

    // Each version folder.
    let mut present_artefacts = BTreeSet::new();
    for ((app, arch, ver), files) in &scan.version_files {
        let rel = format!("{app}/{arch}/{ver}");
        if !files.iter().any(|f| f == "application.tar.gz") {
            diags.push(VersionIncomplete { rel: &rel }.diagnostic().at_path(join_display(display, &rel)));
        }
        for f in files {
            if ARTEFACTS.contains(&f.as_str()) {
                present_artefacts.insert(format!("{rel}/{f}"));
            } else {
                let rel = format!("{rel}/{f}");
                let v = UnexpectedRepoEntry::NotArtefact { rel: &rel };
                diags.push(v.diagnostic().at_path(join_display(display, &rel)));
            }
        }
        let targz_rel = format!("{rel}/application.tar.gz");
        if files.iter().any(|f| f == "application.tar.gz") {
            let shown = join_display(display, &targz_rel);
            let read = storage.open(&targz_rel).map_err(|e| format!("cannot read it: {e}"));
            match read.and_then(|r| read_application_targz(r, &shown)) {
                Ok(report) => {
                    if let Some((file, span, app_id)) = report.app_id.filter(|(_, _, id)| id != app) {
                        diags.push(
                            AppIdFolderMismatch::Published { app_id: &app_id, folder: app }
                                .diagnostic()
                                .at(&file, span)
                                .with_label("the server identifies the application by this id"),
                        );
                    }
                    for why in report.unsafe_members {
                        diags.push(ArchiveUnsafeMember { why: &why }.diagnostic().at_path(shown.clone()));
                    }
                }
                Err(why) => diags.push(ArchiveUnreadable { why: &why }.diagnostic().at_path(shown)),
            }
        }
        let rel_img = format!("{rel}/image.qcow2");
        if let Some(path) = storage.local_path(&rel_img).filter(|_| files.iter().any(|f| f == "image.qcow2"))
        {
            diags.extend(crate::qcow2::inspect(&path, &join_display(display, &rel_img)).diagnostics);
        }
    }

    // The manifest against the files.
    let manifest_display = join_display(display, MANIFEST);
    match load_manifest(storage, &manifest_display)? {
        None => diags.push(ManifestMissing.diagnostic().at_path(manifest_display)),
        Some(doc) => {
            let checks: Vec<(String, ManifestEntry, Span)> =
                doc.entries.iter().map(|(p, (e, s))| (p.clone(), e.clone(), *s)).collect();
            let results: Vec<(String, ManifestEntry, Span, io::Result<Option<Digest>>)> = checks
                .into_par_iter()
                .map(|(p, e, s)| {
                    let r = match storage.size(&p) {
                        Ok(None) => Ok(None),
                        Err(err) => Err(err),
                        Ok(Some(size)) if size != e.size => Ok(Some(Digest { size, sha256: String::new() })),
                        Ok(Some(_)) => storage.open(&p).and_then(digest_stream).map(Some),
                    };
                    (p, e, s, r)
                })
                .collect();
            for (p, e, span, r) in results {
                let shown = join_display(display, &p);
                match r {
                    Ok(None) => diags.push(
                        ArtefactMissing { path: &p }
                            .diagnostic()
                            .at(&doc.file, span)
                            .with_label("no such file"),
                    ),
                    Ok(Some(d)) if d.size != e.size || d.sha256 != e.sha256 => {
                        let v = if d.size != e.size {
                            ArtefactMismatch::Size { path: &p, size: d.size, expected: e.size }
                        } else {
                            ArtefactMismatch::Sha256 { path: &p, sha256: &d.sha256, expected: &e.sha256 }
                        };
                        diags.push(v.diagnostic().at(&doc.file, span).with_label(format!("{shown} differs")));
                    }
                    Ok(Some(_)) => {}
                    Err(err) => diags.push(
                        aps_json::rules::Unreadable::Io { what: &format!("`{p}`"), error: &err }
                            .diagnostic()
                            .at_path(shown),
                    ),
                }
            }
            rules::artefact_not_in_manifest::check(&present_artefacts, &doc, display, &mut diags);
            diags.extend(doc.diagnostics);
        }
    }
    Ok(diags)
}

/// `index.json` of the repository (`None` when absent).
pub(super) fn load_index(storage: &dyn Storage, display: &str) -> Result<Option<IndexDoc>, RepoError> {
    if let Some(path) = storage.local_path(INDEX) {
        return Ok(read_index(&path, display));
    }
    Ok(storage.read_meta(INDEX)?.map(|m| read_index_bytes(m.bytes, display)))
}

/// `manifest.json` of the repository (`None` when absent).
pub(super) fn load_manifest(storage: &dyn Storage, display: &str) -> Result<Option<ManifestDoc>, RepoError> {
    if let Some(path) = storage.local_path(MANIFEST) {
        return Ok(read_manifest(&path, display));
    }
    Ok(storage.read_meta(MANIFEST)?.map(|m| read_manifest_bytes(m.bytes, display)))
}
