//! `aps-pack verify`: check an archive the way a careful controller would.
//!
//! Order: the zip structure (a damaged or hostile archive stops here, before
//! anything is decompressed), APP-LIST.xml, every file's size and SHA-256
//! against it (in parallel), then the signatures. The package lints run in
//! the CLI through [`crate::source::ArchiveSource`].

use crate::applist::{self, AppList, APP_LIST, APP_META};
use crate::dsig::{self, SignatureInfo};
use crate::rules;
use crate::zipread::{EntryError, Limits, ZipArchive, ZipEntry};
use aps_diag::{Diagnostic, SourceFile};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// Metadata files (APP-LIST.xml) are read whole up to this size.
pub const METADATA_MAX: u64 = 64 * 1024 * 1024;

/// Settings of a verification.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    pub limits: Limits,
    pub signatures: dsig::VerifyOptions,
    /// Report an unsigned package (SIG001).
    pub require_signature: bool,
}

/// What verification found.
#[derive(Debug, Default)]
pub struct VerifyReport {
    pub diagnostics: Vec<Diagnostic>,
    /// Files (not folders) in the archive, APP-LIST.xml included.
    pub files: usize,
    pub dirs: usize,
    /// Sum of the files' sizes.
    pub content_bytes: u64,
    pub signatures: Vec<SignatureInfo>,
    pub app_list: Option<AppList>,
    /// The archive was readable and within limits (its content was checked).
    pub checked_content: bool,
    pub has_app_meta: bool,
}

fn entry_path(display: &str, name: &str) -> String {
    format!("{display}/{name}")
}

/// Read APP-LIST.xml of an opened archive as a source file.
pub(crate) fn read_app_list(
    archive: &ZipArchive,
    display: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Arc<SourceFile>> {
    let shown = entry_path(display, APP_LIST);
    let Some(entry) = archive.find(APP_LIST) else {
        diags.push(
            Diagnostic::new(&rules::MISSING_APP_LIST, "the archive has no APP-LIST.xml")
                .at_path(display)
                .with_help("build the archive with `aps-pack build`, which writes APP-LIST.xml"),
        );
        return None;
    };
    let bytes = match archive.read_to_vec(entry, METADATA_MAX) {
        Ok(b) => b,
        Err(e) => {
            diags.push(entry_error(display, entry, e));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile::new(shown, text)),
        Err(_) => {
            diags.push(Diagnostic::new(&rules::INVALID_APP_LIST, "APP-LIST.xml is not UTF-8").at_path(shown));
            None
        }
    }
}

fn entry_error(display: &str, entry: &ZipEntry, e: EntryError) -> Diagnostic {
    Diagnostic::new(&rules::CORRUPT_ENTRY_DATA, e.to_string()).at_path(entry_path(display, &entry.name))
}

/// Verify the archive at `path` (`display` is how to name it in findings).
pub fn verify(path: &Path, display: &str, opts: &VerifyOptions) -> VerifyReport {
    let mut report = VerifyReport::default();
    let (archive, mut diags) = match ZipArchive::open(path, display, &opts.limits) {
        Ok(x) => x,
        Err(diags) => {
            report.diagnostics = diags;
            return report;
        }
    };
    report.files = archive.entries.iter().filter(|e| !e.is_dir()).count();
    report.dirs = archive.entries.len() - report.files;
    report.content_bytes = archive.entries.iter().filter(|e| !e.is_dir()).map(|e| e.size).sum();
    report.has_app_meta = archive.find(APP_META).is_some();
    if archive.refused {
        report.diagnostics = diags;
        return report;
    }
    report.checked_content = true;

    if !report.has_app_meta {
        diags.push(
            Diagnostic::new(&rules::MISSING_APP_META, "the archive has no APP-META.xml at its root")
                .at_path(display)
                .with_help("an APS package archive holds APP-META.xml at its root, not in a folder"),
        );
    }
    if let Some(first) = archive.entries.first() {
        if first.name != APP_LIST && archive.find(APP_LIST).is_some() {
            diags.push(
                Diagnostic::new(
                    &rules::APP_LIST_NOT_FIRST,
                    format!("APP-LIST.xml is not the first entry (`{}` is)", first.name),
                )
                .at_path(display)
                .with_help("the official tools write APP-LIST.xml first; rebuild with `aps-pack build`"),
            );
        }
    }

    let list =
        read_app_list(&archive, display, &mut diags).and_then(|file| applist::parse(&file, &mut diags));

    // Hash every file, in parallel.
    let files: Vec<&ZipEntry> = archive
        .entries
        .iter()
        .filter(|e| !e.is_dir() && !archive.unusable[e.index] && e.name != APP_LIST)
        .collect();
    let hashed: Vec<(&ZipEntry, Result<[u8; 32], EntryError>)> = files
        .par_iter()
        .map(|entry| {
            let mut hasher = Sha256::new();
            let result =
                archive.read_entry(entry, |chunk| hasher.update(chunk)).map(|_| hasher.finalize().into());
            (*entry, result)
        })
        .collect();
    for dir in archive.entries.iter().filter(|e| e.is_dir() && e.size != 0) {
        diags.push(
            Diagnostic::new(
                &rules::CORRUPT_ENTRY_DATA,
                format!("folder entry `{}` holds {} bytes", dir.name, dir.size),
            )
            .at_path(entry_path(display, &dir.name)),
        );
    }

    if let Some(list) = &list {
        let file = list.file.clone();
        let invalid_names: HashSet<&str> = list.invalid_names.iter().map(String::as_str).collect();
        let all_entry_names: HashSet<&str> = archive.entries.iter().map(|e| e.name.as_str()).collect();
        for (entry, result) in &hashed {
            let listed = list.get(&entry.name);
            let sha = match result {
                Ok(sha) => sha,
                Err(e) => {
                    diags.push(entry_error(display, entry, e.clone()));
                    continue;
                }
            };
            let Some(listed) = listed else {
                if invalid_names.contains(entry.name.as_str()) {
                    continue;
                }
                diags.push(
                    Diagnostic::new(
                        &rules::UNLISTED_FILE,
                        format!("`{}` is in the archive but not in APP-LIST.xml", entry.name),
                    )
                    .at_path(entry_path(display, &entry.name))
                    .with_help(
                        "nothing vouches for an unlisted file; rebuild the archive with `aps-pack build`",
                    ),
                );
                continue;
            };
            if listed.entry.size != entry.size {
                diags.push(
                    Diagnostic::new(
                        &rules::SIZE_MISMATCH,
                        format!(
                            "`{}` holds {} bytes, APP-LIST.xml says {}",
                            entry.name, entry.size, listed.entry.size
                        ),
                    )
                    .at(&file, listed.size_span)
                    .with_label(format!("the file has {} bytes", entry.size)),
                );
            } else if &listed.entry.sha256 != sha {
                diags.push(
                    Diagnostic::new(
                        &rules::HASH_MISMATCH,
                        format!("the SHA-256 of `{}` differs from APP-LIST.xml", entry.name),
                    )
                    .at(&file, listed.sha256_span)
                    .with_label(format!("the file hashes to {}", applist::hex(sha))),
                );
            }
        }
        for listed in &list.files {
            if archive.find(&listed.entry.name).is_none() {
                let present_but_unusable = all_entry_names.contains(listed.entry.name.as_str());
                if present_but_unusable {
                    continue;
                }
                diags.push(
                    Diagnostic::new(
                        &rules::MISSING_FILE,
                        format!(
                            "`{}` is listed in APP-LIST.xml but missing from the archive",
                            listed.entry.name
                        ),
                    )
                    .at(&file, listed.span)
                    .with_label("no such entry"),
                );
            }
        }
        report.signatures = dsig::verify(&file, &opts.signatures, &mut diags);
        if opts.require_signature && report.signatures.is_empty() {
            diags.push(
                Diagnostic::new(&rules::UNSIGNED_PACKAGE, "the package is not signed")
                    .in_file(&file)
                    .with_help("sign it with `aps-pack sign PKG.app.zip --sign-pfx FILE`"),
            );
        }
    } else {
        for (entry, result) in &hashed {
            if let Err(e) = result {
                diags.push(entry_error(display, entry, e.clone()));
            }
        }
        if opts.require_signature {
            diags.push(
                Diagnostic::new(
                    &rules::UNSIGNED_PACKAGE,
                    "the package is not signed (it has no readable APP-LIST.xml)",
                )
                .at_path(display),
            );
        }
    }
    report.app_list = list;
    report.diagnostics = diags;
    report
}
