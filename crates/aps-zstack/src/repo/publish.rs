//! `publish` into a repository folder: versions are staged in hidden folders
//! beside their final place and renamed into it, then `manifest.json` and,
//! last, `index.json` are rewritten, all under the folder's lock.

use super::index::read_index;
use super::lock::RepoLock;
use super::manifest::{read_manifest, render_manifest, ManifestEntry};
use super::stage::{copy_hashed, stage_all, Created, Staged};
use super::{check_root, render_index, RepoError, INDEX, MANIFEST};
use crate::hashing::sha256_file;
use crate::lint::join_display;
use crate::targz::Digest;
use aps_diag::{atomic, Diagnostic, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One thing to publish.
#[derive(Debug, Clone)]
pub enum PublishInput {
    /// An application version folder, packaged on the fly.
    Dir {
        dir: PathBuf,
        display: String,
        arch: String,
        version: String,
        app_id: Option<String>,
        image: Option<PathBuf>,
    },
    /// An installer made by `aps-pack zstack package`.
    Bin { path: PathBuf },
}

/// What happened to one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Unchanged,
    Replaced,
}

#[derive(Debug, Clone)]
pub struct Published {
    pub app_id: String,
    pub arch: String,
    pub version: String,
    pub outcome: Outcome,
    /// An image already in the repository was kept (the input had none).
    pub kept_image: bool,
    /// The version's files as the manifest records them, by name in the version folder
    /// (`application.tar.gz`, `image.qcow2`), the kept image included.
    pub files: Vec<(String, ManifestEntry)>,
}

#[derive(Debug, Default)]
pub struct PublishReport {
    pub versions: Vec<Published>,
    pub index_written: bool,
    pub manifest_written: bool,
    /// Warnings met on the way (lint of folders, appId checks).
    pub diagnostics: Vec<Diagnostic>,
}

/// Options of `publish`.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// Replace versions whose published bytes differ.
    pub force: bool,
    /// mtime inside archives packaged from folders.
    pub mtime: u64,
    /// `update_at` of a rewritten index.
    pub update_at: u64,
    /// Refuse folders with warnings too.
    pub deny_warnings: bool,
}

/// `aps-pack zstack publish`: put versions into `root`, then update
/// `manifest.json` and, last, `index.json` (each atomically). Nothing in the
/// repository changes unless every input is valid and no conflict is refused.
pub fn publish(
    root: &Path,
    display: &str,
    inputs: &[PublishInput],
    opts: &PublishOptions,
) -> Result<PublishReport, RepoError> {
    check_root(root)?;
    // Concurrent publishers take turns: each reads the index and the manifest
    // its predecessor wrote.
    let _lock = RepoLock::acquire(root)?;
    let index_doc = read_index(&root.join(INDEX), &join_display(display, INDEX));
    if let Some(doc) = &index_doc {
        if doc.has_errors() {
            let mut e =
                RepoError::refusal("the repository's index.json cannot be read; nothing was published")
                    .help("fix it, or regenerate it with `aps-pack zstack index REPO`");
            e.diagnostics =
                doc.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
            return Err(e);
        }
    }
    let manifest_doc = read_manifest(&root.join(MANIFEST), &join_display(display, MANIFEST));
    if let Some(doc) = &manifest_doc {
        if !doc.diagnostics.is_empty() {
            let mut e =
                RepoError::refusal("the repository's manifest.json cannot be read; nothing was published")
                    .help(
                    "fix or remove it (`aps-pack zstack verify-repo` shows what it no longer vouches for)",
                );
            e.diagnostics = doc.diagnostics.clone();
            return Err(e);
        }
    }

    let mut report = PublishReport::default();
    let mut created = Created::default();
    let mut staged: Vec<Staged> = Vec::new();
    let result = stage_all(root, inputs, opts, &mut created, &mut staged, &mut report);
    if let Err(e) = result {
        drop(staged); // removes the staging folders
        created.undo();
        return Err(e);
    }

    // Compare with what is already published.
    let mut conflicts = Vec::new();
    for s in &mut staged {
        let final_dir = s.final_dir(root);
        if !final_dir.exists() {
            s.outcome = Outcome::Added;
            continue;
        }
        let mut differs = Vec::new();
        for (name, digest) in &s.digests {
            let existing = final_dir.join(name);
            let same = match std::fs::metadata(&existing) {
                Ok(m) if m.is_file() && m.len() == digest.size => {
                    sha256_file(&existing).map(|d| d.sha256 == digest.sha256).unwrap_or(false)
                }
                _ => false,
            };
            if !same {
                differs.push(*name);
            }
        }
        let existing_image = final_dir.join("image.qcow2");
        if !s.digests.contains_key("image.qcow2") && existing_image.is_file() {
            let digest = match manifest_doc
                .as_ref()
                .and_then(|m| m.entries.get(&format!("{}/image.qcow2", s.rel())))
            {
                Some((e, _)) => Digest { size: e.size, sha256: e.sha256.clone() },
                None => sha256_file(&existing_image)
                    .map_err(|e| RepoError::io("cannot read", &existing_image, e))?,
            };
            s.kept_image = Some(digest);
        }
        if differs.is_empty() {
            s.outcome = Outcome::Unchanged;
        } else {
            s.outcome = Outcome::Replaced;
            if !opts.force {
                conflicts.push(format!(
                    "{} ({} differ{})",
                    s.rel(),
                    differs.join(", "),
                    if differs.len() == 1 { "s" } else { "" }
                ));
            }
        }
    }
    if !conflicts.is_empty() {
        drop(staged);
        created.undo();
        return Err(RepoError::refusal(format!(
            "already published with different content: {}; nothing was published",
            conflicts.join("; ")
        ))
        .help("a published version should never change; give it a new version number, or pass --force to replace it"));
    }

    // Commit: rename each staged folder into place.
    for s in &mut staged {
        let final_dir = s.final_dir(root);
        let Some(stage) = s.stage.take() else { continue };
        match s.outcome {
            Outcome::Unchanged => drop(stage),
            Outcome::Added => {
                let path = stage.keep();
                std::fs::rename(&path, &final_dir).map_err(|e| {
                    let _ = std::fs::remove_dir_all(&path);
                    RepoError::io("cannot move the new version into", &final_dir, e)
                })?;
            }
            Outcome::Replaced => {
                if s.kept_image.is_some() {
                    let from = final_dir.join("image.qcow2");
                    let to = stage.path().join("image.qcow2");
                    if std::fs::hard_link(&from, &to).is_err() {
                        copy_hashed(&from, &to).map_err(|e| RepoError::io("cannot keep", &from, e))?;
                    }
                }
                let parent = final_dir.parent().unwrap_or(root);
                let old = tempfile::Builder::new()
                    .prefix(".aps-old.")
                    .tempdir_in(parent)
                    .map_err(|e| RepoError::io("cannot create a folder in", parent, e))?
                    .keep();
                std::fs::remove_dir(&old).map_err(|e| RepoError::io("cannot prepare", &old, e))?;
                std::fs::rename(&final_dir, &old)
                    .map_err(|e| RepoError::io("cannot move aside", &final_dir, e))?;
                let path = stage.keep();
                if let Err(e) = std::fs::rename(&path, &final_dir) {
                    let _ = std::fs::rename(&old, &final_dir);
                    let _ = std::fs::remove_dir_all(&path);
                    return Err(RepoError::io("cannot move the new version into", &final_dir, e));
                }
                std::fs::remove_dir_all(&old)
                    .map_err(|e| RepoError::io("cannot remove the previous", &old, e))?;
            }
        }
        report.versions.push(s.published());
    }

    // Manifest, then the index (last).
    let old_entries: BTreeMap<String, ManifestEntry> =
        manifest_doc.map(|m| m.entries.into_iter().map(|(k, (e, _))| (k, e)).collect()).unwrap_or_default();
    let mut entries = old_entries.clone();
    for s in &staged {
        let prefix = format!("{}/", s.rel());
        entries.retain(|k, _| !k.starts_with(&prefix));
        for (name, entry) in s.files() {
            entries.insert(format!("{prefix}{name}"), entry);
        }
    }
    if entries != old_entries || !root.join(MANIFEST).exists() {
        atomic::write(&root.join(MANIFEST), render_manifest(&entries).as_bytes(), Some(0o644), true)
            .map_err(|e| RepoError::io("cannot write", &root.join(MANIFEST), e))?;
        report.manifest_written = true;
    }
    let old_layout = index_doc.map(|d| d.layout).unwrap_or_default();
    let layout = super::stage::layout_with(&old_layout, &staged);
    if layout != old_layout || !root.join(INDEX).exists() {
        atomic::write(&root.join(INDEX), render_index(&layout, opts.update_at).as_bytes(), Some(0o644), true)
            .map_err(|e| RepoError::io("cannot write", &root.join(INDEX), e))?;
        report.index_written = true;
    }
    Ok(report)
}
