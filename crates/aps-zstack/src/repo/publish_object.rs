//! `publish` into object storage. Artefacts first (staged locally, uploaded
//! in parts, checked), then `manifest.json`, then `index.json`, each replaced
//! with a conditional write (If-None-Match on creation, If-Match on the ETag
//! read) and read again when another publisher came first. So concurrent
//! publishers of different versions all end up listed, and a publisher that
//! stops half-way leaves the index without the unfinished version: it is
//! listed only after all its artefacts are in place.

use super::index::{read_index_bytes, render_index};
use super::manifest::{read_manifest_bytes, render_manifest, ManifestDoc, ManifestEntry};
use super::object::ObjectRepo;
use super::stage::{stage_all, Created, Staged};
use super::storage::Storage;
use super::{
    backoff, too_busy, Outcome, PublishInput, PublishOptions, PublishReport, RepoError, CAS_ATTEMPTS, INDEX,
    MANIFEST,
};
use crate::targz::Digest;
use aps_diag::{Progress, Severity};
use std::collections::BTreeMap;

/// `aps-pack zstack publish --repo s3://…`.
pub fn publish_objects(
    repo: &ObjectRepo,
    inputs: &[PublishInput],
    opts: &PublishOptions,
    progress: &dyn Progress,
) -> Result<PublishReport, RepoError> {
    let (manifest, _) = read_manifest_doc(repo)?;
    check_index(repo)?;

    // Package and extract locally, with the digest of every artefact.
    let work =
        tempfile::tempdir().map_err(|e| RepoError::new(format!("cannot create a temporary folder: {e}")))?;
    let _tracked = aps_diag::atomic::Tracked::new(work.path());
    let mut report = PublishReport::default();
    let mut created = Created::default();
    let mut staged: Vec<Staged> = Vec::new();
    stage_all(work.path(), inputs, opts, &mut created, &mut staged, &mut report)?;

    // Compare with what the manifest vouches for.
    let listed = entries_of(manifest.as_ref());
    let mut conflicts = Vec::new();
    for s in &mut staged {
        classify(s, &listed, opts.force, &mut conflicts);
    }
    refuse_conflicts(&conflicts)?;

    // Artefacts first.
    for s in &staged {
        let Some(stage) = &s.stage else { continue };
        for (name, digest) in &s.digests {
            let rel = format!("{}/{name}", s.rel());
            if s.outcome == Outcome::Unchanged && repo.size(&rel).ok().flatten() == Some(digest.size) {
                continue;
            }
            let path = stage.path().join(name);
            let mut file = std::fs::File::open(&path).map_err(|e| RepoError::io("cannot read", &path, e))?;
            repo.upload(&rel, &mut file, digest, progress)?;
        }
    }

    // Then the manifest, compare-and-swap.
    let mut attempts = 0;
    loop {
        let (doc, tag) = read_manifest_doc(repo)?;
        let old = entries_of(doc.as_ref());
        let mut conflicts = Vec::new();
        let mut entries = old.clone();
        for s in &mut staged {
            let before = s.outcome;
            classify(s, &old, opts.force, &mut conflicts);
            if before == Outcome::Added && s.outcome == Outcome::Unchanged {
                s.outcome = Outcome::Added; // another run listed the same bytes first
            }
            let prefix = format!("{}/", s.rel());
            entries.retain(|k, _| !k.starts_with(&prefix));
            for (name, entry) in s.files() {
                entries.insert(format!("{prefix}{name}"), entry);
            }
        }
        if !conflicts.is_empty() {
            return Err(RepoError::refusal(format!(
                "another run published {} with different content meanwhile; the manifest was not changed",
                conflicts.join("; ")
            ))
            .help(
                "verify the repository with `aps-pack zstack verify-repo`, then publish a new version number",
            ));
        }
        if entries == old && tag.is_some() {
            break;
        }
        if repo.write_meta(MANIFEST, render_manifest(&entries).as_bytes(), tag.as_deref())? {
            report.manifest_written = true;
            break;
        }
        attempts += 1;
        if attempts >= CAS_ATTEMPTS {
            return Err(too_busy(MANIFEST));
        }
        backoff();
    }

    // Last, the index.
    let mut attempts = 0;
    loop {
        let (old_layout, tag) = match repo.read_meta(INDEX)? {
            None => (super::Layout::new(), None),
            Some(meta) => {
                let doc = read_index_bytes(meta.bytes, &format!("{}/{INDEX}", repo.display()));
                if doc.has_errors() {
                    return Err(unreadable_index(doc.diagnostics));
                }
                (doc.layout, Some(meta.tag))
            }
        };
        let layout = super::stage::layout_with(&old_layout, &staged);
        if layout == old_layout && tag.is_some() {
            break;
        }
        if repo.write_meta(INDEX, render_index(&layout, opts.update_at).as_bytes(), tag.as_deref())? {
            report.index_written = true;
            break;
        }
        attempts += 1;
        if attempts >= CAS_ATTEMPTS {
            return Err(too_busy(INDEX));
        }
        backoff();
    }

    for s in &staged {
        report.versions.push(s.published());
    }
    drop(staged);
    drop(work);
    Ok(report)
}

fn entry(d: &Digest) -> ManifestEntry {
    ManifestEntry { size: d.size, sha256: d.sha256.clone() }
}

fn entries_of(doc: Option<&ManifestDoc>) -> BTreeMap<String, ManifestEntry> {
    doc.map(|m| m.entries.iter().map(|(k, (e, _))| (k.clone(), e.clone())).collect()).unwrap_or_default()
}

/// Added, unchanged or replaced, against the manifest's entries; a change
/// without `force` is a conflict.
fn classify(
    s: &mut Staged,
    listed: &BTreeMap<String, ManifestEntry>,
    force: bool,
    conflicts: &mut Vec<String>,
) {
    let prefix = format!("{}/", s.rel());
    if !listed.keys().any(|k| k.starts_with(&prefix)) {
        s.outcome = Outcome::Added;
        return;
    }
    let differs: Vec<&str> = s
        .digests
        .iter()
        .filter(|(name, d)| listed.get(&format!("{prefix}{name}")) != Some(&entry(d)))
        .map(|(name, _)| *name)
        .collect();
    s.kept_image = if s.digests.contains_key("image.qcow2") {
        None
    } else {
        listed.get(&format!("{prefix}image.qcow2")).map(|e| Digest { size: e.size, sha256: e.sha256.clone() })
    };
    if differs.is_empty() {
        s.outcome = Outcome::Unchanged;
    } else {
        s.outcome = Outcome::Replaced;
        if !force {
            conflicts.push(format!(
                "{} ({} differ{})",
                s.rel(),
                differs.join(", "),
                if differs.len() == 1 { "s" } else { "" }
            ));
        }
    }
}

fn refuse_conflicts(conflicts: &[String]) -> Result<(), RepoError> {
    if conflicts.is_empty() {
        return Ok(());
    }
    Err(RepoError::refusal(format!(
        "already published with different content: {}; nothing was published",
        conflicts.join("; ")
    ))
    .help("a published version should never change; give it a new version number, or pass --force to replace it"))
}

/// The manifest and its tag; a manifest that cannot be read stops the publish.
fn read_manifest_doc(repo: &ObjectRepo) -> Result<(Option<ManifestDoc>, Option<String>), RepoError> {
    let Some(meta) = repo.read_meta(MANIFEST)? else { return Ok((None, None)) };
    let doc = read_manifest_bytes(meta.bytes, &format!("{}/{MANIFEST}", repo.display()));
    if !doc.diagnostics.is_empty() {
        let mut e =
            RepoError::refusal("the repository's manifest.json cannot be read; nothing was published")
                .help("fix or remove it (`aps-pack zstack verify-repo` shows what it no longer vouches for)");
        e.diagnostics = doc.diagnostics;
        return Err(e);
    }
    Ok((Some(doc), Some(meta.tag)))
}

fn check_index(repo: &ObjectRepo) -> Result<(), RepoError> {
    if let Some(meta) = repo.read_meta(INDEX)? {
        let doc = read_index_bytes(meta.bytes, &format!("{}/{INDEX}", repo.display()));
        if doc.has_errors() {
            return Err(unreadable_index(doc.diagnostics));
        }
    }
    Ok(())
}

fn unreadable_index(diags: Vec<aps_diag::Diagnostic>) -> RepoError {
    let mut e = RepoError::refusal("the repository's index.json cannot be read; nothing was published")
        .help("fix it, or regenerate it with `aps-pack zstack index REPO`");
    e.diagnostics = diags.into_iter().filter(|d| d.severity == Severity::Error).collect();
    e
}
