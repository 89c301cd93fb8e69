//! `verify-repo`: a repository against its index, its manifest and the layout.

use super::index::{read_index, read_index_bytes, unindexable_diags, IndexDoc};
use super::manifest::{read_manifest, read_manifest_bytes, ManifestDoc, ManifestEntry};
use super::storage::{digest_stream, FolderStorage, Storage};
use super::targz_check::read_application_targz;
use super::{RepoError, ARTEFACTS, INDEX, MANIFEST};
use crate::lint::join_display;
use crate::rules;
use crate::targz::Digest;
use aps_diag::Violation;
use aps_diag::{Diagnostic, Span};
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
        diags.push(
            Diagnostic::new(&rules::UNEXPECTED_REPO_ENTRY, format!("`{rel}`: {why}"))
                .at_path(join_display(display, rel))
                .with_help("remove it"),
        );
    }

    // The index against the folders.
    let index_display = join_display(display, INDEX);
    match load_index(storage, &index_display)? {
        None => diags.push(
            Diagnostic::new(&rules::INDEX_MISSING, "the repository has no index.json")
                .at_path(index_display)
                .with_help("write it with `aps-pack zstack index REPO`"),
        ),
        Some(doc) => {
            for ((app, arch, ver), span) in &doc.spans {
                let listed_in_layout =
                    scan.layout.get(app).and_then(|a| a.get(arch)).is_some_and(|v| v.contains(ver));
                if !listed_in_layout {
                    diags.push(
                        Diagnostic::new(
                            &rules::INDEX_ENTRY_WITHOUT_FOLDER,
                            format!("index.json lists {app} {arch} {ver}, but {app}/{arch}/{ver}/ does not exist"),
                        )
                        .at(&doc.file, *span)
                        .with_label("no such version folder")
                        .with_help("publish the version again, or regenerate the index with `aps-pack zstack index REPO`"),
                    );
                }
            }
            for (app, arches) in &scan.layout {
                for (arch, versions) in arches {
                    for ver in versions {
                        if !doc.spans.contains_key(&(app.clone(), arch.clone(), ver.clone()))
                            && !doc.has_errors()
                        {
                            diags.push(
                                Diagnostic::new(
                                    &rules::FOLDER_NOT_IN_INDEX,
                                    format!("{app}/{arch}/{ver}/ is not listed in index.json"),
                                )
                                .at_path(join_display(display, &format!("{app}/{arch}/{ver}")))
                                .with_help("regenerate the index with `aps-pack zstack index REPO`, or remove the folder"),
                            );
                        }
                    }
                }
            }
            diags.extend(doc.diagnostics);
        }
    }

    // Each version folder.
    let mut present_artefacts = BTreeSet::new();
    for ((app, arch, ver), files) in &scan.version_files {
        let rel = format!("{app}/{arch}/{ver}");
        if !files.iter().any(|f| f == "application.tar.gz") {
            diags.push(
                Diagnostic::new(&rules::VERSION_INCOMPLETE, format!("{rel}/ has no application.tar.gz"))
                    .at_path(join_display(display, &rel))
                    .with_help("publish the version again, or remove the folder and regenerate the index"),
            );
        }
        for f in files {
            if ARTEFACTS.contains(&f.as_str()) {
                present_artefacts.insert(format!("{rel}/{f}"));
            } else {
                diags.push(
                    Diagnostic::new(
                        &rules::UNEXPECTED_REPO_ENTRY,
                        format!("`{rel}/{f}` is not an artefact of a version"),
                    )
                    .at_path(join_display(display, &format!("{rel}/{f}")))
                    .with_help(
                        "a version folder holds application.tar.gz and optionally image.qcow2; remove it",
                    ),
                );
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
                            Diagnostic::new(
                                &rules::APP_ID_FOLDER_MISMATCH,
                                format!(
                                    "`appId` is `{app_id}`, but the version is published under the folder `{app}`"
                                ),
                            )
                            .at(&file, span)
                            .with_label("the server identifies the application by this id")
                            .with_help(format!("publish it under `{app_id}`, or change `appId` to `{app}`")),
                        );
                    }
                    for why in report.unsafe_members {
                        diags.push(
                            Diagnostic::new(
                                &rules::ARCHIVE_UNSAFE_MEMBER,
                                format!("application.tar.gz holds a member that escapes its folder: {why}"),
                            )
                            .at_path(shown.clone())
                            .with_help("package the version again with `aps-pack zstack package` and publish it with --force"),
                        );
                    }
                }
                Err(why) => diags.push(
                    Diagnostic::new(
                        &rules::ARCHIVE_UNREADABLE,
                        format!("application.tar.gz cannot be used: {why}"),
                    )
                    .at_path(shown)
                    .with_help("package and publish the version again"),
                ),
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
        None => diags.push(
            Diagnostic::new(
                &rules::MANIFEST_MISSING,
                "the repository has no manifest.json: its artefacts cannot be checked",
            )
            .at_path(manifest_display)
            .with_help("publish with `aps-pack zstack publish`, which writes it"),
        ),
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
                        Diagnostic::new(
                            &rules::ARTEFACT_MISSING,
                            format!("`{p}` is listed in manifest.json but missing"),
                        )
                        .at(&doc.file, span)
                        .with_label("no such file")
                        .with_help("upload it again, or publish the version again"),
                    ),
                    Ok(Some(d)) if d.size != e.size => diags.push(
                        Diagnostic::new(
                            &rules::ARTEFACT_MISMATCH,
                            format!(
                                "`{p}` is {} bytes, the manifest says {} (truncated or replaced)",
                                d.size, e.size
                            ),
                        )
                        .at(&doc.file, span)
                        .with_label(format!("{shown} differs"))
                        .with_help("upload it again, or publish it again with `--force`"),
                    ),
                    Ok(Some(d)) if d.sha256 != e.sha256 => diags.push(
                        Diagnostic::new(
                            &rules::ARTEFACT_MISMATCH,
                            format!("`{p}` has SHA-256 {}, the manifest says {}", d.sha256, e.sha256),
                        )
                        .at(&doc.file, span)
                        .with_label(format!("{shown} differs"))
                        .with_help("upload it again, or publish it again with `--force`"),
                    ),
                    Ok(Some(_)) => {}
                    Err(err) => diags.push(
                        aps_json::rules::Unreadable::Io { what: &format!("`{p}`"), error: &err }
                            .diagnostic()
                            .at_path(shown),
                    ),
                }
            }
            for p in &present_artefacts {
                if !doc.entries.contains_key(p) {
                    diags.push(
                        Diagnostic::new(&rules::ARTEFACT_NOT_IN_MANIFEST, format!("`{p}` is not in manifest.json"))
                            .at_path(join_display(display, p))
                            .with_help("publish it with `aps-pack zstack publish --force` so the manifest vouches for it"),
                    );
                }
            }
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
