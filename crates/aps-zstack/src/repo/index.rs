//! `index.json`: ZStack's list of what a repository offers, written from a
//! serde model, read back with spans for findings.

use super::layout::Scan;
use super::storage::{FolderStorage, Storage};
use super::{json_text, Layout, RepoError, INDEX};
use crate::lint::join_display;
use crate::rules;
use aps_diag::{Diagnostic, Severity, SourceFile, Span};
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

fn malformed(doc: &IndexDoc, span: Span, msg: String, label: &str) -> Diagnostic {
    Diagnostic::new(&rules::INDEX_MALFORMED, msg)
        .at(&doc.file, span)
        .with_label(label.to_string())
        .with_help("regenerate it with `aps-pack zstack index REPO`")
}

fn index_shape(root: &Value, doc: &mut IndexDoc) {
    let Some(obj) = root.as_object() else {
        let d = malformed(
            doc,
            root.span,
            format!("index.json must be an object, found {}", root.type_name()),
            "here",
        );
        doc.diagnostics.push(d);
        return;
    };
    match obj.get("update_at") {
        Some(v) => match v.as_i64().filter(|n| *n >= 0) {
            Some(n) => doc.update_at = Some(n as u64),
            None => {
                let d = malformed(
                    doc,
                    v.span,
                    "`update_at` must be a number of seconds since 1970".into(),
                    "here",
                );
                doc.diagnostics.push(d);
            }
        },
        None => {
            let d = malformed(
                doc,
                Span::new(root.span.start, root.span.start + 1),
                "`update_at` is missing".into(),
                "in this object",
            );
            doc.diagnostics.push(d);
        }
    }
    let Some(apps_v) = obj.get("applications") else {
        let d = malformed(
            doc,
            Span::new(root.span.start, root.span.start + 1),
            "`applications` is missing".into(),
            "in this object",
        );
        doc.diagnostics.push(d);
        return;
    };
    let Some(apps) = apps_v.as_array() else {
        let d = malformed(doc, apps_v.span, "`applications` must be an array".into(), "here");
        doc.diagnostics.push(d);
        return;
    };
    let mut prev_app: Option<String> = None;
    // The first entry found out of order.
    let mut unsorted: Option<Span> = None;
    for app_v in apps {
        let Some(app_id_v) = app_v.get("app_id") else {
            let d = malformed(
                doc,
                app_v.span,
                "an application entry has no string `app_id`".into(),
                "this entry",
            );
            doc.diagnostics.push(d);
            continue;
        };
        let Some(app_id) = app_id_v.as_str() else {
            let d = malformed(doc, app_id_v.span, "`app_id` must be a string".into(), "here");
            doc.diagnostics.push(d);
            continue;
        };
        if doc.layout.contains_key(app_id) {
            doc.diagnostics.push(
                Diagnostic::new(&rules::INDEX_DUPLICATE, format!("application `{app_id}` is listed twice"))
                    .at(&doc.file, app_id_v.span)
                    .with_label("again here")
                    .with_help("regenerate the index with `aps-pack zstack index REPO`"),
            );
        }
        if prev_app.as_deref().is_some_and(|p| p > app_id) {
            unsorted.get_or_insert(app_id_v.span);
        }
        prev_app = Some(app_id.to_string());
        let arches_entry = doc.layout.entry(app_id.to_string()).or_default().clone();
        let mut arches = arches_entry;
        let Some(svs) = app_v.get("support_versions").and_then(Value::as_array) else {
            let d = malformed(
                doc,
                app_id_v.span,
                format!("application `{app_id}` has no `support_versions` array"),
                "this application",
            );
            doc.diagnostics.push(d);
            continue;
        };
        let mut prev_arch: Option<String> = None;
        for sv in svs {
            let (Some(arch_v), Some(vers)) =
                (sv.get("architecture"), sv.get("versions").and_then(Value::as_array))
            else {
                let d = malformed(
                    doc,
                    sv.span,
                    "a `support_versions` entry needs `architecture` and a `versions` array".into(),
                    "this entry",
                );
                doc.diagnostics.push(d);
                continue;
            };
            let Some(arch) = arch_v.as_str() else {
                let d = malformed(doc, arch_v.span, "`architecture` must be a string".into(), "here");
                doc.diagnostics.push(d);
                continue;
            };
            if arches.contains_key(arch) {
                doc.diagnostics.push(
                    Diagnostic::new(
                        &rules::INDEX_DUPLICATE,
                        format!("architecture `{arch}` of `{app_id}` is listed twice"),
                    )
                    .at(&doc.file, arch_v.span)
                    .with_label("again here")
                    .with_help("regenerate the index with `aps-pack zstack index REPO`"),
                );
            }
            if prev_arch.as_deref().is_some_and(|p| p > arch) {
                unsorted.get_or_insert(arch_v.span);
            }
            prev_arch = Some(arch.to_string());
            let versions = arches.entry(arch.to_string()).or_default();
            let mut prev_ver: Option<&str> = None;
            for v in vers {
                let Some(ver) = v.as_str() else {
                    let d = malformed(doc, v.span, "a version must be a string".into(), "here");
                    doc.diagnostics.push(d);
                    continue;
                };
                if !versions.insert(ver.to_string()) {
                    doc.diagnostics.push(
                        Diagnostic::new(
                            &rules::INDEX_DUPLICATE,
                            format!("version `{ver}` of `{app_id}` {arch} is listed twice"),
                        )
                        .at(&doc.file, v.span)
                        .with_label("again here")
                        .with_help("regenerate the index with `aps-pack zstack index REPO`"),
                    );
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
            Diagnostic::new(&rules::INDEX_UNSORTED, "index.json is not sorted")
                .at(&doc.file, span)
                .with_label("out of byte order (the first such entry)")
                .with_help("`aps-pack zstack index REPO` writes it sorted, so it only changes when the repository does"),
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
    let skipped = scan.unindexable.iter().map(|(rel, why)| {
        Diagnostic::new(&rules::UNINDEXABLE_NAME, format!("`{rel}` is left out of index.json: {why}"))
            .at_path(join_display(display, rel))
            .with_help(
                "rename the folder (letters, digits, `.`, `_`, `-`, `+`; architectures x86_64 or aarch64)",
            )
    });
    let links = scan.symlinks.iter().map(|rel| {
        Diagnostic::new(
            &rules::REPO_SYMLINK,
            format!("`{rel}` is a symbolic link; it is not followed and is left out of index.json"),
        )
        .at_path(join_display(display, rel))
        .with_help("replace it with the real folder or file, or remove it")
    });
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
