//! `manifest.json`: the size and SHA-256 of every artefact aps-pack published.

use super::{json_text, MANIFEST_FORMAT};
use crate::names::is_sha256_hex;
use crate::rules::ManifestMalformed as Malformed;
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use aps_json::Value;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// One artefact in `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestEntry {
    pub size: u64,
    pub sha256: String,
}

/// `manifest.json` read back.
#[derive(Debug)]
pub struct ManifestDoc {
    pub file: Arc<SourceFile>,
    /// relative path → entry and the span of its `path` value.
    pub entries: BTreeMap<String, (ManifestEntry, Span)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a manifest path is a plain relative path inside the repository.
fn safe_rel_path(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Read `manifest.json` (`None` when absent).
pub fn read_manifest(path: &Path, display: &str) -> Option<ManifestDoc> {
    if !path.exists() {
        return None;
    }
    let (file, diags) = match aps_json::read_source(path, display) {
        Ok(x) => x,
        Err(d) => {
            return Some(ManifestDoc {
                file: SourceFile::new(display, ""),
                entries: BTreeMap::new(),
                diagnostics: vec![d],
            })
        }
    };
    let parsed = aps_json::parse(&file, &aps_json::Options::default());
    Some(manifest_shape(file, diags, parsed))
}

/// Read `manifest.json` from its bytes (from object storage).
pub fn read_manifest_bytes(bytes: Vec<u8>, display: &str) -> ManifestDoc {
    let (file, parsed) = aps_json::parse_bytes(display, bytes, &aps_json::Options::default());
    manifest_shape(file, Vec::new(), parsed)
}

fn manifest_shape(
    file: Arc<SourceFile>,
    mut diags: Vec<Diagnostic>,
    parsed: aps_json::Parsed,
) -> ManifestDoc {
    diags.extend(parsed.diagnostics);
    let mut doc = ManifestDoc { file: file.clone(), entries: BTreeMap::new(), diagnostics: diags };
    let bad = |span: Span, v: Malformed| v.diagnostic().at(&file, span).with_label("here");
    let Some(root) = parsed.value else { return doc };
    if root.get("format").and_then(Value::as_str) != Some(MANIFEST_FORMAT) {
        let span =
            root.get("format").map(|v| v.span).unwrap_or(Span::new(root.span.start, root.span.start + 1));
        doc.diagnostics.push(bad(span, Malformed::Format { expected: MANIFEST_FORMAT }));
        return doc;
    }
    let Some(items) = root.get("artefacts").and_then(Value::as_array) else {
        doc.diagnostics.push(bad(root.span, Malformed::ArtefactsNotArray));
        return doc;
    };
    for item in items {
        let path_v = item.get("path");
        let (Some(p), Some(size), Some(sha)) = (
            path_v.and_then(Value::as_str),
            item.get("size").and_then(Value::as_i64).filter(|n| *n >= 0),
            item.get("sha256").and_then(Value::as_str),
        ) else {
            doc.diagnostics.push(bad(item.span, Malformed::IncompleteArtefact));
            continue;
        };
        let span = path_v.map(|v| v.span).unwrap_or(item.span);
        if !safe_rel_path(p) {
            doc.diagnostics.push(bad(span, Malformed::PathOutside { path: p }));
            continue;
        }
        if !is_sha256_hex(sha) {
            doc.diagnostics.push(bad(item.span, Malformed::BadSha256 { path: p }));
            continue;
        }
        if doc
            .entries
            .insert(p.to_string(), (ManifestEntry { size: size as u64, sha256: sha.to_string() }, span))
            .is_some()
        {
            doc.diagnostics.push(bad(span, Malformed::ListedTwice { path: p }));
        }
    }
    doc
}

/// The document `manifest.json` holds (only ever written).
#[derive(Serialize)]
struct ManifestFile<'a> {
    pub format: &'a str,
    pub artefacts: Vec<ManifestItem<'a>>,
}

#[derive(Serialize)]
struct ManifestItem<'a> {
    pub path: &'a str,
    pub size: u64,
    pub sha256: &'a str,
}

/// `manifest.json` text: sorted by path, one object per artefact, a newline at the end.
pub fn render_manifest(entries: &BTreeMap<String, ManifestEntry>) -> String {
    let doc = ManifestFile {
        format: MANIFEST_FORMAT,
        artefacts: entries
            .iter()
            .map(|(p, e)| ManifestItem { path: p, size: e.size, sha256: &e.sha256 })
            .collect(),
    };
    let mut text = json_text(&doc);
    text.push('\n');
    text
}
