//! `index.json`: ZStack's list of what a repository offers, written from a
//! serde model, read back with spans for findings.

use super::layout::Scan;
use super::storage::{FolderStorage, Storage};
use super::{json_text, Layout, RepoError, INDEX};
use crate::lint::join_display;
use crate::rules::{
    IndexDuplicate, IndexMalformed as Malformed, IndexUnsorted, RepoSymlink, UnindexableName,
};
use aps_diag::{Diagnostic, Severity, SourceFile, Span, Violation};
use aps_json::Value;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The document ZStack reads.
#[derive(Debug, Serialize)]
pub struct IndexFile<'a> {
    pub applications: Vec<IndexApp<'a>>,
    pub update_at: u64,
}

#[derive(Debug, Serialize)]
pub struct IndexApp<'a> {
    pub app_id: &'a str,
    pub support_versions: Vec<IndexArch<'a>>,
}

#[derive(Debug, Serialize)]
pub struct IndexArch<'a> {
    pub architecture: &'a str,
    pub versions: Vec<&'a str>,
}

impl<'a> IndexFile<'a> {
    /// The index of `layout`: sorted in byte order; an architecture without
    /// versions (and an application without any) is left out.
    pub fn new(layout: &'a Layout, update_at: u64) -> Self {
        let applications = layout
            .iter()
            .map(|(app, arches)| IndexApp {
                app_id: app,
                support_versions: arches
                    .iter()
                    .filter(|(_, versions)| !versions.is_empty())
                    .map(|(arch, versions)| IndexArch {
                        architecture: arch,
                        versions: versions.iter().map(String::as_str).collect(),
                    })
                    .collect(),
            })
            .filter(|a| !a.support_versions.is_empty())
            .collect();
        IndexFile { applications, update_at }
    }
}

/// `index.json` as ZStack's `refresh_index.py` writes it (`json.dump(…, indent=2)`:
/// two-space indentation, ASCII escapes, no newline at the end), but sorted in
/// byte order. Unlike that script, an architecture folder without versions (and
/// an application without any) is left out rather than listed empty: the
/// marketplace would offer nothing to install. The `.bin` installer renders
/// the same bytes in bash.
pub fn render_index(layout: &Layout, update_at: u64) -> String {
    json_text(&IndexFile::new(layout, update_at))
}

/// An `index.json` read back, with the span of every entry.
#[derive(Debug)]
pub struct IndexDoc {
    pub file: Arc<SourceFile>,
    pub layout: Layout,
    /// (app, arch, version) → span of the version string.
    pub spans: BTreeMap<(String, String, String), Span>,
    pub update_at: Option<u64>,
    /// Findings about the shape, duplicates and order.
    pub diagnostics: Vec<Diagnostic>,
}

impl IndexDoc {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Read `index.json` (`None` when the file does not exist).
pub fn read_index(path: &Path, display: &str) -> Option<IndexDoc> {
    if !path.exists() {
        return None;
    }
    doc_from(aps_json::read_source(path, display), display)
}

/// Read `index.json` from its bytes (from object storage).
pub fn read_index_bytes(bytes: Vec<u8>, display: &str) -> IndexDoc {
    let (file, parsed) = aps_json::parse_bytes(display, bytes, &aps_json::Options::default());
    let mut doc = IndexDoc {
        file: file.clone(),
        layout: Layout::new(),
        spans: BTreeMap::new(),
        update_at: None,
        diagnostics: parsed.diagnostics,
    };
    if let Some(root) = parsed.value {
        index_shape(&root, &mut doc);
    }
    doc
}

fn doc_from(read: Result<(Arc<SourceFile>, Vec<Diagnostic>), Diagnostic>, display: &str) -> Option<IndexDoc> {
    let (file, mut diags) = match read {
        Ok(x) => x,
        Err(d) => {
            return Some(IndexDoc {
                file: SourceFile::new(display, ""),
                layout: Layout::new(),
                spans: BTreeMap::new(),
                update_at: None,
                diagnostics: vec![d],
            })
        }
    };
    let parsed = aps_json::parse(&file, &aps_json::Options::default());
    diags.extend(parsed.diagnostics);
    let mut doc = IndexDoc {
        file: file.clone(),
        layout: Layout::new(),
        spans: BTreeMap::new(),
        update_at: None,
        diagnostics: diags,
    };
    if let Some(root) = parsed.value {
        index_shape(&root, &mut doc);
    }
    Some(doc)
}

fn malformed(doc: &IndexDoc, span: Span, v: Malformed, label: &str) -> Diagnostic {
    v.diagnostic().at(&doc.file, span).with_label(label.to_string())
}

fn duplicate(doc: &IndexDoc, span: Span, v: IndexDuplicate) -> Diagnostic {
    v.diagnostic().at(&doc.file, span).with_label("again here")
}

fn index_shape(root: &Value, doc: &mut IndexDoc) {
    let Some(obj) = root.as_object() else {
        let d = malformed(doc, root.span, Malformed::NotObject { found: root.type_name() }, "here");
        doc.diagnostics.push(d);
        return;
    };
    match obj.get("update_at") {
        Some(v) => match v.as_i64().filter(|n| *n >= 0) {
            Some(n) => doc.update_at = Some(n as u64),
            None => {
                let d = malformed(doc, v.span, Malformed::UpdateAtNotNumber, "here");
                doc.diagnostics.push(d);
            }
        },
        None => {
            let d = malformed(
                doc,
                Span::new(root.span.start, root.span.start + 1),
                Malformed::NoUpdateAt,
                "in this object",
            );
            doc.diagnostics.push(d);
        }
    }
    let Some(apps_v) = obj.get("applications") else {
        let d = malformed(
            doc,
            Span::new(root.span.start, root.span.start + 1),
            Malformed::NoApplications,
            "in this object",
        );
        doc.diagnostics.push(d);
        return;
    };
    let Some(apps) = apps_v.as_array() else {
        let d = malformed(doc, apps_v.span, Malformed::ApplicationsNotArray, "here");
        doc.diagnostics.push(d);
        return;
    };
    let mut prev_app: Option<String> = None;
    // The first entry found out of order.
    let mut unsorted: Option<Span> = None;
    for app_v in apps {
        let Some(app_id_v) = app_v.get("app_id") else {
            let d = malformed(doc, app_v.span, Malformed::NoAppId, "this entry");
            doc.diagnostics.push(d);
            continue;
        };
        let Some(app_id) = app_id_v.as_str() else {
            let d = malformed(doc, app_id_v.span, Malformed::AppIdNotString, "here");
            doc.diagnostics.push(d);
            continue;
        };
        if doc.layout.contains_key(app_id) {
            doc.diagnostics.push(duplicate(doc, app_id_v.span, IndexDuplicate::App { app_id }));
        }
        if prev_app.as_deref().is_some_and(|p| p > app_id) {
            unsorted.get_or_insert(app_id_v.span);
        }
        prev_app = Some(app_id.to_string());
        let arches_entry = doc.layout.entry(app_id.to_string()).or_default().clone();
        let mut arches = arches_entry;
        let Some(svs) = app_v.get("support_versions").and_then(Value::as_array) else {
            let d =
                malformed(doc, app_id_v.span, Malformed::NoSupportVersions { app_id }, "this application");
            doc.diagnostics.push(d);
            continue;
        };
        let mut prev_arch: Option<String> = None;
        for sv in svs {
            let (Some(arch_v), Some(vers)) =
                (sv.get("architecture"), sv.get("versions").and_then(Value::as_array))
            else {
                let d = malformed(doc, sv.span, Malformed::BadSupportVersion, "this entry");
                doc.diagnostics.push(d);
                continue;
            };
            let Some(arch) = arch_v.as_str() else {
                let d = malformed(doc, arch_v.span, Malformed::ArchitectureNotString, "here");
                doc.diagnostics.push(d);
                continue;
            };
            if arches.contains_key(arch) {
                doc.diagnostics.push(duplicate(doc, arch_v.span, IndexDuplicate::Arch { app_id, arch }));
            }
            if prev_arch.as_deref().is_some_and(|p| p > arch) {
                unsorted.get_or_insert(arch_v.span);
            }
            prev_arch = Some(arch.to_string());
            let versions = arches.entry(arch.to_string()).or_default();
            let mut prev_ver: Option<&str> = None;
            for v in vers {
                let Some(ver) = v.as_str() else {
                    let d = malformed(doc, v.span, Malformed::VersionNotString, "here");
                    doc.diagnostics.push(d);
                    continue;
                };
                if !versions.insert(ver.to_string()) {
                    let again = IndexDuplicate::Version { app_id, arch, version: ver };
                    doc.diagnostics.push(duplicate(doc, v.span, again));
                }
                if prev_ver.is_some_and(|p| p > ver) {
                    unsorted.get_or_insert(v.span);
                }
                prev_ver = Some(ver);
                doc.spans.entry((app_id.to_string(), arch.to_string(), ver.to_string())).or_insert(v.span);
            }
        }
        doc.layout.insert(app_id.to_string(), arches);
    }
    if let Some(span) = unsorted {
        doc.diagnostics.push(
            IndexUnsorted
                .diagnostic()
                .at(&doc.file, span)
                .with_label("out of byte order (the first such entry)"),
        );
    }
}

/// What `index` did.
#[derive(Debug)]
pub struct IndexOutcome {
    /// The index differs (or differed) from the layout.
    pub changed: bool,
    pub text: String,
    /// Folders left out, as warnings.
    pub diagnostics: Vec<Diagnostic>,
}

pub(super) fn unindexable_diags(scan: &Scan, display: &str) -> Vec<Diagnostic> {
    let skipped = scan
        .unindexable
        .iter()
        .map(|(rel, why)| UnindexableName { rel, why }.diagnostic().at_path(join_display(display, rel)));
    let links =
        scan.symlinks.iter().map(|rel| RepoSymlink { rel }.diagnostic().at_path(join_display(display, rel)));
    skipped.chain(links).collect()
}

/// The text `index.json` would have (with `update_at`), whether the current
/// one already says the same (ignoring `update_at`), and its tag.
fn index_state(
    storage: &dyn Storage,
    layout: &Layout,
    update_at: u64,
) -> Result<(String, bool, Option<String>), RepoError> {
    let existing = storage.read_meta(INDEX)?;
    let text = existing.as_ref().map(|m| String::from_utf8_lossy(&m.bytes).into_owned());
    let old_ts = text.as_deref().and_then(|text| {
        let file = SourceFile::new(INDEX, text);
        let parsed = aps_json::parse(&file, &aps_json::Options::default());
        parsed.value?.get("update_at")?.as_i64().and_then(|n| u64::try_from(n).ok())
    });
    let same = match (&text, old_ts) {
        (Some(text), Some(ts)) => text.trim_end() == render_index(layout, ts),
        _ => false,
    };
    Ok((render_index(layout, update_at), same, existing.map(|m| m.tag)))
}

/// `aps-pack zstack index`: rewrite `index.json` from the folders alone. With
/// `write` false, only tell whether it is up to date. An index that already
/// lists exactly the layout is left untouched (its `update_at` too).
pub fn regenerate_index(
    root: &Path,
    display: &str,
    update_at: u64,
    write: bool,
) -> Result<IndexOutcome, RepoError> {
    let storage = FolderStorage::new(root, display)?;
    let _lock = if write { Some(super::lock::RepoLock::acquire(root)?) } else { None };
    regenerate_index_in(&storage, update_at, write)
}

/// [`regenerate_index`] for any storage: the index is written only if it did
/// not change since it was read (else the listing is read again).
pub fn regenerate_index_in(
    storage: &dyn Storage,
    update_at: u64,
    write: bool,
) -> Result<IndexOutcome, RepoError> {
    for _ in 0..super::CAS_ATTEMPTS {
        let scan = storage.scan()?;
        let (text, same, tag) = index_state(storage, &scan.layout, update_at)?;
        if write && !same && !storage.write_meta(INDEX, text.as_bytes(), tag.as_deref())? {
            super::backoff();
            continue;
        }
        return Ok(IndexOutcome {
            changed: !same,
            text,
            diagnostics: unindexable_diags(&scan, storage.display()),
        });
    }
    Err(super::too_busy(INDEX))
}
