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
use aps_diag::{Diagnostic, SourceFile, Violation};
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
        diags.push(rules::MissingAppList.diagnostic().at_path(display));
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
            diags.push(rules::InvalidAppList::NotUtf8.diagnostic().at_path(shown));
            None
        }
    }
}

fn entry_error(display: &str, entry: &ZipEntry, e: EntryError) -> Diagnostic {
    rules::CorruptEntryData::Unreadable(&e).diagnostic().at_path(entry_path(display, &entry.name))
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
        diags.push(rules::MissingAppMeta::Archive.diagnostic().at_path(display));
    }
    rules::app_list_not_first::check(&archive, display, &mut diags);

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
            rules::CorruptEntryData::FolderWithData { name: &dir.name, size: dir.size }
                .diagnostic()
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
                    rules::UnlistedFile { name: &entry.name }
                        .diagnostic()
                        .at_path(entry_path(display, &entry.name)),
                );
                continue;
            };
            if listed.entry.size != entry.size {
                diags.push(
                    rules::SizeMismatch { name: &entry.name, size: entry.size, listed: listed.entry.size }
                        .diagnostic()
                        .at(&file, listed.size_span)
                        .with_label(format!("the file has {} bytes", entry.size)),
                );
            } else if &listed.entry.sha256 != sha {
                diags.push(
                    rules::HashMismatch { name: &entry.name }
                        .diagnostic()
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
                    rules::MissingFile { name: &listed.entry.name }
                        .diagnostic()
                        .at(&file, listed.span)
                        .with_label("no such entry"),
                );
            }
        }
        report.signatures = dsig::verify(&file, &opts.signatures, &mut diags);
        if opts.require_signature && report.signatures.is_empty() {
            diags.push(rules::UnsignedPackage::Unsigned.diagnostic().in_file(&file));
        }
    } else {
        for (entry, result) in &hashed {
            if let Err(e) = result {
                diags.push(entry_error(display, entry, e.clone()));
            }
        }
        if opts.require_signature {
            diags.push(rules::UnsignedPackage::NoAppList.diagnostic().at_path(display));
        }
    }
    report.app_list = list;
    report.diagnostics = diags;
    report
}
