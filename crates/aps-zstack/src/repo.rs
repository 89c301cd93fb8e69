//! Marketplace repositories (a CDN folder or a management node's
//! `/opt/zstack-marketplace-repo`):
//!
//! ```text
//! REPO/index.json                               ZStack's index
//! REPO/manifest.json                            size and SHA-256 of every artefact (aps-pack)
//! REPO/<app>/<arch>/<version>/application.tar.gz
//! REPO/<app>/<arch>/<version>/image.qcow2       (optional)
//! ```

use crate::bin::{self, BinHeader};
use crate::hashing::sha256_file;
use crate::lint::join_display;
use crate::names::{is_indexable, is_sha256_hex, json_string, unsafe_name_reason, ARCHES};
use crate::package;
use crate::rules;
use crate::targz::Digest;
use aps_diag::atomic;
use aps_diag::{Diagnostic, Severity, SourceFile, Span};
use aps_json::Value;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const INDEX: &str = "index.json";
pub const MANIFEST: &str = "manifest.json";
pub const MANIFEST_FORMAT: &str = "aps-pack-zstack-manifest-1";
/// Files of a version folder.
pub const ARTEFACTS: &[&str] = &["application.tar.gz", "image.qcow2"];
/// Prefixes of the hidden folders an install works in.
const STAGING_PREFIXES: &[&str] = &[".aps-stage.", ".aps-old."];

/// app → arch → versions, each in byte order (what `index.json` lists).
pub type Layout = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// A failure that stops a repository command.
#[derive(Debug)]
pub struct RepoError {
    pub message: String,
    pub help: Option<String>,
    /// Findings that explain the failure (shown before the message).
    pub diagnostics: Vec<Diagnostic>,
    /// The inputs or the repository were refused (exit 1), as opposed to an
    /// I/O failure or bad usage (exit 2).
    pub refused: bool,
}

impl RepoError {
    fn new(message: impl Into<String>) -> Self {
        RepoError { message: message.into(), help: None, diagnostics: Vec::new(), refused: false }
    }
    fn refusal(message: impl Into<String>) -> Self {
        RepoError { refused: true, ..RepoError::new(message) }
    }
    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    fn io(what: &str, path: &Path, e: io::Error) -> Self {
        RepoError::new(format!("{what} {}: {e}", path.display()))
    }
}

/// `index.json` as ZStack's `refresh_index.py` writes it (`json.dump(…, indent=2)`:
/// two-space indentation, no newline at the end), but sorted in byte order.
/// Unlike that script, an architecture folder without versions (and an
/// application without any) is left out rather than listed empty: the
/// marketplace would offer nothing to install. The `.bin` installer renders
/// the same bytes in bash.
pub fn render_index(layout: &Layout, update_at: u64) -> String {
    let mut apps = Vec::new();
    for (app, arches) in layout {
        let mut arch_items = Vec::new();
        for (arch, versions) in arches {
            if versions.is_empty() {
                continue;
            }
            let vs: Vec<String> =
                versions.iter().map(|v| format!("\n            {}", json_string(v))).collect();
            arch_items.push(format!(
                "\n        {{\n          \"architecture\": {},\n          \"versions\": [{}\n          ]\n        }}",
                json_string(arch),
                vs.join(",")
            ));
        }
        if arch_items.is_empty() {
            continue;
        }
        apps.push(format!(
            "\n    {{\n      \"app_id\": {},\n      \"support_versions\": [{}\n      ]\n    }}",
            json_string(app),
            arch_items.join(",")
        ));
    }
    if apps.is_empty() {
        format!("{{\n  \"applications\": [],\n  \"update_at\": {update_at}\n}}")
    } else {
        format!("{{\n  \"applications\": [{}\n  ],\n  \"update_at\": {update_at}\n}}", apps.join(","))
    }
}

/// What the folders of a repository say.
#[derive(Debug, Default)]
pub struct Scan {
    pub layout: Layout,
    /// Folders left out of the index because of their names: (`app`, `app/arch`, …; why).
    pub unindexable: Vec<(String, String)>,
    /// Symbolic links met while scanning (relative paths); never followed, so
    /// a link cannot pull folders from outside the repository into the index.
    pub symlinks: Vec<String>,
    /// Leftovers and misplaced files: (relative path, why).
    pub stray: Vec<(String, String)>,
    /// Version folders → the names of the files inside.
    pub version_files: BTreeMap<(String, String, String), Vec<String>>,
}

/// The entries of one repository folder, each list sorted by name.
#[derive(Default)]
struct Children {
    dirs: Vec<String>,
    files: Vec<String>,
    hidden: Vec<String>,
    symlinks: Vec<String>,
}

/// Sort the entries of `dir`. The entry's own type is used (never the target's),
/// so symbolic links are set apart instead of being followed.
fn children(dir: &Path) -> io::Result<Children> {
    let mut c = Children::default();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if name.starts_with('.') {
            c.hidden.push(name);
        } else if kind.is_symlink() {
            c.symlinks.push(name);
        } else if kind.is_dir() {
            c.dirs.push(name);
        } else {
            c.files.push(name);
        }
    }
    c.dirs.sort();
    c.files.sort();
    c.hidden.sort();
    c.symlinks.sort();
    Ok(c)
}

/// Why an application or version folder name is left out of the index, if it is.
fn skip_reason(name: &str) -> Option<String> {
    if !is_indexable(name) {
        return Some("its name is not printable ASCII".into());
    }
    unsafe_name_reason(name).map(|why| format!("it is not a valid name: {why}"))
}

/// Read the folder layout of `root`: every `<app>/<arch>/<version>/` folder
/// with valid names counts (ZStack's own rule), where `<arch>` is one ZStack knows.
pub fn scan(root: &Path) -> io::Result<Scan> {
    let mut s = Scan::default();
    let top = children(root)?;
    s.symlinks.extend(top.symlinks);
    for app in top.dirs {
        if let Some(why) = skip_reason(&app) {
            s.unindexable.push((app, why));
            continue;
        }
        let in_app = children(&root.join(&app))?;
        for f in in_app.files {
            s.stray.push((format!("{app}/{f}"), "a file where architecture folders belong".into()));
        }
        s.symlinks.extend(in_app.symlinks.iter().map(|l| format!("{app}/{l}")));
        note_staging(&mut s, &app, &in_app.hidden);
        for arch in in_app.dirs {
            let rel_arch = format!("{app}/{arch}");
            if !ARCHES.contains(&arch.as_str()) {
                let why = format!("`{arch}` is not an architecture ZStack knows ({})", ARCHES.join(", "));
                s.unindexable.push((rel_arch, why));
                continue;
            }
            let in_arch = children(&root.join(&rel_arch))?;
            for f in in_arch.files {
                s.stray.push((format!("{rel_arch}/{f}"), "a file where version folders belong".into()));
            }
            s.symlinks.extend(in_arch.symlinks.iter().map(|l| format!("{rel_arch}/{l}")));
            note_staging(&mut s, &rel_arch, &in_arch.hidden);
            for version in in_arch.dirs {
                let rel = format!("{rel_arch}/{version}");
                if let Some(why) = skip_reason(&version) {
                    s.unindexable.push((rel, why));
                    continue;
                }
                let inside = children(&root.join(&rel))?;
                s.symlinks.extend(inside.symlinks.iter().map(|l| format!("{rel}/{l}")));
                let mut all: Vec<String> = inside.files;
                all.extend(inside.dirs.into_iter().map(|d| format!("{d}/")));
                all.extend(inside.hidden);
                all.sort();
                s.version_files.insert((app.clone(), arch.clone(), version.clone()), all);
                s.layout.entry(app.clone()).or_default().entry(arch.clone()).or_default().insert(version);
            }
        }
    }
    s.symlinks.sort();
    Ok(s)
}

fn note_staging(s: &mut Scan, rel: &str, hidden: &[String]) {
    for h in hidden {
        if STAGING_PREFIXES.iter().any(|p| h.starts_with(p)) {
            s.stray.push((format!("{rel}/{h}"), "left by an interrupted install".into()));
        }
    }
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
    let (file, mut diags) = match aps_json::read_source(path, display) {
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
    let (file, mut diags) = match aps_json::read_source(path, display) {
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
    diags.extend(parsed.diagnostics);
    let mut doc = ManifestDoc { file: file.clone(), entries: BTreeMap::new(), diagnostics: diags };
    let bad = |span: Span, msg: String| {
        Diagnostic::new(&rules::MANIFEST_MALFORMED, msg)
            .at(&file, span)
            .with_label("here")
            .with_help("publish again with `aps-pack zstack publish`")
    };
    let Some(root) = parsed.value else { return Some(doc) };
    if root.get("format").and_then(Value::as_str) != Some(MANIFEST_FORMAT) {
        let span =
            root.get("format").map(|v| v.span).unwrap_or(Span::new(root.span.start, root.span.start + 1));
        doc.diagnostics.push(bad(span, format!("`format` must be \"{MANIFEST_FORMAT}\"")));
        return Some(doc);
    }
    let Some(items) = root.get("artefacts").and_then(Value::as_array) else {
        doc.diagnostics.push(bad(root.span, "`artefacts` must be an array".into()));
        return Some(doc);
    };
    for item in items {
        let path_v = item.get("path");
        let (Some(p), Some(size), Some(sha)) = (
            path_v.and_then(Value::as_str),
            item.get("size").and_then(Value::as_i64).filter(|n| *n >= 0),
            item.get("sha256").and_then(Value::as_str),
        ) else {
            doc.diagnostics.push(bad(
                item.span,
                "an artefact needs `path` (string), `size` (number) and `sha256`".into(),
            ));
            continue;
        };
        let span = path_v.map(|v| v.span).unwrap_or(item.span);
        if !safe_rel_path(p) {
            doc.diagnostics.push(bad(span, format!("`{p}` is not a relative path inside the repository")));
            continue;
        }
        if !is_sha256_hex(sha) {
            doc.diagnostics
                .push(bad(item.span, format!("the SHA-256 of `{p}` is not 64 lower-case hex digits")));
            continue;
        }
        if doc
            .entries
            .insert(p.to_string(), (ManifestEntry { size: size as u64, sha256: sha.to_string() }, span))
            .is_some()
        {
            doc.diagnostics.push(bad(span, format!("`{p}` is listed twice")));
        }
    }
    Some(doc)
}

/// `manifest.json` text: sorted by path, one object per artefact.
pub fn render_manifest(entries: &BTreeMap<String, ManifestEntry>) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|(p, e)| {
            format!(
                "\n    {{\n      \"path\": {},\n      \"size\": {},\n      \"sha256\": \"{}\"\n    }}",
                json_string(p),
                e.size,
                e.sha256
            )
        })
        .collect();
    if items.is_empty() {
        format!("{{\n  \"format\": \"{MANIFEST_FORMAT}\",\n  \"artefacts\": []\n}}\n")
    } else {
        format!("{{\n  \"format\": \"{MANIFEST_FORMAT}\",\n  \"artefacts\": [{}\n  ]\n}}\n", items.join(","))
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

fn unindexable_diags(scan: &Scan, display: &str) -> Vec<Diagnostic> {
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

/// The text `index.json` would have (with `update_at`) and whether the file
/// already says the same (ignoring `update_at`).
fn index_state(root: &Path, layout: &Layout, update_at: u64) -> (String, bool) {
    let existing = std::fs::read_to_string(root.join(INDEX)).ok();
    let old_ts = existing.as_deref().and_then(|text| {
        let file = SourceFile::new(INDEX, text);
        let parsed = aps_json::parse(&file, &aps_json::Options::default());
        parsed.value?.get("update_at")?.as_i64().and_then(|n| u64::try_from(n).ok())
    });
    let same = match (&existing, old_ts) {
        (Some(text), Some(ts)) => text.trim_end() == render_index(layout, ts),
        _ => false,
    };
    (render_index(layout, update_at), same)
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
    check_root(root)?;
    let scan = scan(root).map_err(|e| RepoError::io("cannot read", root, e))?;
    let (text, same) = index_state(root, &scan.layout, update_at);
    if write && !same {
        atomic::write(&root.join(INDEX), text.as_bytes(), Some(0o644), true)
            .map_err(|e| RepoError::io("cannot write", &root.join(INDEX), e))?;
    }
    Ok(IndexOutcome { changed: !same, text, diagnostics: unindexable_diags(&scan, display) })
}

fn check_root(root: &Path) -> Result<(), RepoError> {
    if !root.is_dir() {
        return Err(RepoError::new(format!("repository folder {} does not exist", root.display()))
            .help("create it first (`mkdir -p`), or correct the path"));
    }
    Ok(())
}

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

/// A version staged in a hidden folder beside its final place.
struct Staged {
    app_id: String,
    arch: String,
    version: String,
    stage: Option<Stage>,
    digests: BTreeMap<&'static str, Digest>,
    outcome: Outcome,
    kept_image: Option<Digest>,
}

impl Staged {
    fn final_dir(&self, root: &Path) -> PathBuf {
        root.join(&self.app_id).join(&self.arch).join(&self.version)
    }
    fn rel(&self) -> String {
        format!("{}/{}/{}", self.app_id, self.arch, self.version)
    }
}

/// Folders created while staging, removed again (when empty) if publishing fails.
#[derive(Default)]
struct Created(Vec<PathBuf>);

impl Created {
    fn mkdir(&mut self, dir: &Path) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut cur = Some(dir);
        while let Some(d) = cur {
            if d.exists() {
                break;
            }
            missing.push(d.to_path_buf());
            cur = d.parent();
        }
        std::fs::create_dir_all(dir)?;
        self.0.extend(missing);
        Ok(())
    }
    fn undo(&self) {
        for d in &self.0 {
            let _ = std::fs::remove_dir(d); // only when empty
        }
    }
}

fn sync_file(path: &Path) -> io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

/// Copy `src` to `dest`, hashing on the way.
fn copy_hashed(src: &Path, dest: &Path) -> io::Result<Digest> {
    let mut input = std::fs::File::open(src)?;
    let out = std::fs::File::create(dest)?;
    let mut hashing = crate::hashing::HashingWriter::new(io::BufWriter::with_capacity(1 << 20, out));
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        io::Write::write_all(&mut hashing, &buf[..n])?;
    }
    let (w, digest) = hashing.finish();
    let f = w.into_inner().map_err(|e| e.into_error())?;
    f.sync_all()?;
    Ok(digest)
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
        report.versions.push(Published {
            app_id: s.app_id.clone(),
            arch: s.arch.clone(),
            version: s.version.clone(),
            outcome: s.outcome,
            kept_image: s.kept_image.is_some(),
        });
    }

    // Manifest, then the index (last).
    let old_entries: BTreeMap<String, ManifestEntry> =
        manifest_doc.map(|m| m.entries.into_iter().map(|(k, (e, _))| (k, e)).collect()).unwrap_or_default();
    let mut entries = old_entries.clone();
    for s in &staged {
        let prefix = format!("{}/", s.rel());
        entries.retain(|k, _| !k.starts_with(&prefix));
        for (name, d) in &s.digests {
            entries
                .insert(format!("{prefix}{name}"), ManifestEntry { size: d.size, sha256: d.sha256.clone() });
        }
        if let Some(d) = &s.kept_image {
            entries.insert(
                format!("{prefix}image.qcow2"),
                ManifestEntry { size: d.size, sha256: d.sha256.clone() },
            );
        }
    }
    if entries != old_entries || !root.join(MANIFEST).exists() {
        atomic::write(&root.join(MANIFEST), render_manifest(&entries).as_bytes(), Some(0o644), true)
            .map_err(|e| RepoError::io("cannot write", &root.join(MANIFEST), e))?;
        report.manifest_written = true;
    }
    let old_layout = index_doc.map(|d| d.layout).unwrap_or_default();
    let mut layout = old_layout.clone();
    for s in &staged {
        layout
            .entry(s.app_id.clone())
            .or_default()
            .entry(s.arch.clone())
            .or_default()
            .insert(s.version.clone());
    }
    if layout != old_layout || !root.join(INDEX).exists() {
        atomic::write(&root.join(INDEX), render_index(&layout, opts.update_at).as_bytes(), Some(0o644), true)
            .map_err(|e| RepoError::io("cannot write", &root.join(INDEX), e))?;
        report.index_written = true;
    }
    Ok(report)
}

fn stage_all(
    root: &Path,
    inputs: &[PublishInput],
    opts: &PublishOptions,
    created: &mut Created,
    staged: &mut Vec<Staged>,
    report: &mut PublishReport,
) -> Result<(), RepoError> {
    let mut seen = BTreeSet::new();
    for input in inputs {
        let s = match input {
            PublishInput::Dir { dir, display, arch, version, app_id, image } => stage_dir(
                root,
                dir,
                display,
                arch,
                version,
                app_id.as_deref(),
                image.as_deref(),
                opts,
                created,
                report,
            )?,
            PublishInput::Bin { path } => stage_bin(root, path, created)?,
        };
        if !seen.insert(s.rel()) {
            return Err(RepoError::refusal(format!("{} is given twice", s.rel())));
        }
        staged.push(s);
    }
    Ok(())
}

fn new_stage(root: &Path, app_id: &str, arch: &str, created: &mut Created) -> Result<Stage, RepoError> {
    let arch_dir = root.join(app_id).join(arch);
    created.mkdir(&arch_dir).map_err(|e| RepoError::io("cannot create", &arch_dir, e))?;
    let stage = tempfile::Builder::new()
        .prefix(".aps-stage.")
        .tempdir_in(&arch_dir)
        .map_err(|e| RepoError::io("cannot create a staging folder in", &arch_dir, e))?;
    set_dir_mode(stage.path());
    let tracked = aps_diag::atomic::Tracked::new(stage.path());
    Ok(Stage { dir: stage, _tracked: tracked })
}

/// A staging folder: removed when dropped, and when the run is interrupted.
struct Stage {
    dir: tempfile::TempDir,
    _tracked: aps_diag::atomic::Tracked,
}

impl Stage {
    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn keep(self) -> PathBuf {
        self.dir.keep()
    }
}

#[cfg(unix)]
fn set_dir_mode(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755));
}

#[cfg(not(unix))]
fn set_dir_mode(_p: &Path) {}

#[allow(clippy::too_many_arguments)]
fn stage_dir(
    root: &Path,
    dir: &Path,
    display: &str,
    arch: &str,
    version: &str,
    app_id: Option<&str>,
    image: Option<&Path>,
    opts: &PublishOptions,
    created: &mut Created,
    report: &mut PublishReport,
) -> Result<Staged, RepoError> {
    let prepared = package::prepare(dir, display, app_id, image);
    let failing = prepared
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || (opts.deny_warnings && d.severity == Severity::Warning));
    if failing {
        let mut e = RepoError::refusal(format!("{display} has problems; nothing was published"));
        e.diagnostics = prepared.diagnostics;
        return Err(e);
    }
    let Some(app_id) = app_id.map(str::to_string).or_else(|| prepared.app_id_in_file.clone()) else {
        return Err(RepoError::new(format!("{display}: application.json has no appId")));
    };
    report.diagnostics.extend(prepared.diagnostics.iter().cloned());
    let stage = new_stage(root, &app_id, arch, created)?;
    let mut digests = BTreeMap::new();
    let targz = stage.path().join("application.tar.gz");
    let d = package::write_targz(&prepared, opts.mtime, &targz)
        .map_err(|e| RepoError::io("cannot write", &targz, e))?;
    sync_file(&targz).map_err(|e| RepoError::io("cannot write", &targz, e))?;
    digests.insert("application.tar.gz", d);
    if let Some(image) = image {
        let dest = stage.path().join("image.qcow2");
        let d = copy_hashed(image, &dest).map_err(|e| RepoError::io("cannot copy", image, e))?;
        digests.insert("image.qcow2", d);
    }
    chmod_files(stage.path());
    Ok(Staged {
        app_id,
        arch: arch.to_string(),
        version: version.to_string(),
        stage: Some(stage),
        digests,
        outcome: Outcome::Added,
        kept_image: None,
    })
}

fn chmod_files(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for name in ARTEFACTS {
            let _ = std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o644));
        }
    }
    let _ = dir;
}

fn stage_bin(root: &Path, path: &Path, created: &mut Created) -> Result<Staged, RepoError> {
    // Not an installer at all is bad input (exit 2); a damaged payload below is a failed check.
    let header: BinHeader = bin::read_header(path).map_err(|e| {
        RepoError::new(format!("{}: {e}", path.display()))
            .help("give an installer made by `aps-pack zstack package`, or an application version folder")
    })?;
    let stage = new_stage(root, &header.app_id, &header.arch, created)?;
    let names: Vec<&'static str> = ARTEFACTS.iter().copied().filter(|n| header.member(n).is_some()).collect();
    let mut writers = Vec::new();
    for name in &names {
        let dest = stage.path().join(name);
        let file = std::fs::File::create(&dest).map_err(|e| RepoError::io("cannot write", &dest, e))?;
        writers.push(io::BufWriter::with_capacity(1 << 20, file));
    }
    let mut wanted: Vec<(&str, &mut dyn io::Write)> =
        names.iter().copied().zip(writers.iter_mut()).map(|(n, w)| (n, w as &mut dyn io::Write)).collect();
    let digests = bin::extract(path, &header, &mut wanted).map_err(|e| match e {
        bin::BinError::Damaged(why) => {
            RepoError::refusal(format!("{why}; nothing was published")).help("copy the installer again")
        }
        bin::BinError::Io(e) => RepoError::io("cannot read", path, e),
    })?;
    drop(wanted);
    for (name, w) in names.iter().zip(writers) {
        let dest = stage.path().join(name);
        let file = w.into_inner().map_err(|e| RepoError::io("cannot write", &dest, e.into_error()))?;
        file.sync_all().map_err(|e| RepoError::io("cannot write", &dest, e))?;
    }
    chmod_files(stage.path());
    Ok(Staged {
        app_id: header.app_id,
        arch: header.arch,
        version: header.version,
        stage: Some(stage),
        digests: names.into_iter().zip(digests).collect(),
        outcome: Outcome::Added,
        kept_image: None,
    })
}

/// Largest amount an `application.tar.gz` may decompress to before reading
/// stops: far above any real application, low enough to end a decompression bomb.
const MAX_TARGZ_BYTES: u64 = 16 << 30;

/// What reading an `application.tar.gz` to its end found.
#[derive(Default)]
struct TargzReport {
    /// `appId` of the `application.json` at its top, where it is.
    app_id: Option<(Arc<SourceFile>, Span, String)>,
    /// Members that would land (or point) outside the folder it is unpacked into.
    unsafe_members: Vec<String>,
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Why a member name is unsafe to unpack, if it is.
fn unsafe_member_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("it has an empty name");
    }
    if name.starts_with('/') {
        return Some("its name is an absolute path");
    }
    if name.split('/').any(|part| part == "..") {
        return Some("its name climbs out with `..`");
    }
    None
}

/// Whether `target`, followed from the folder `base` (components inside the
/// archive), stays inside the archive.
fn link_escapes(base: &[&str], target: &str) -> bool {
    if target.starts_with('/') {
        return true;
    }
    let mut depth = base.len();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return true,
            },
            _ => depth += 1,
        }
    }
    false
}

/// Read an `application.tar.gz` to its very end: the gzip stream with its
/// CRC-32 and length, every tar header and member, the end-of-archive marker.
/// A truncated or damaged file is `Err`; unsafe member names are collected.
fn read_application_targz(path: &Path, display: &str) -> Result<TargzReport, String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mut magic = [0u8; 2];
    if file.read_exact(&mut magic).is_err() || magic != [0x1f, 0x8b] {
        return Err("it is not gzip-compressed (no 1f 8b magic)".into());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let damaged = |e: io::Error| format!("it is damaged or truncated: {e}");
    // The buffered decoder hands back its reader with any unread bytes still in it.
    let gz = flate2::bufread::GzDecoder::new(io::BufReader::new(file));
    let counted = Counted { inner: gz.take(MAX_TARGZ_BYTES + 1), count: 0 };
    let mut archive = tar::Archive::new(counted);
    let mut report = TargzReport::default();
    // Where the last member's data (padded to whole blocks) ends.
    let mut end_of_members = 0u64;
    let mut saw_app_json = false;
    let entries = archive.entries().map_err(|e| format!("not a tar.gz archive: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(damaged)?;
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        if let Some(why) = unsafe_member_name(&name) {
            report.unsafe_members.push(format!("`{name}`: {why}"));
        } else if kind.is_symlink() || kind.is_hard_link() {
            let target = entry.link_name_bytes().map(|b| String::from_utf8_lossy(&b).into_owned());
            let target = target.unwrap_or_default();
            let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
            // A symbolic link resolves from its own folder, a hard link from the archive's top.
            let base = if kind.is_symlink() { &parts[..parts.len().saturating_sub(1)] } else { &[][..] };
            if target.is_empty() || link_escapes(base, &target) {
                let what = if kind.is_symlink() { "symbolic" } else { "hard" };
                report
                    .unsafe_members
                    .push(format!("`{name}`: a {what} link to `{target}`, outside the archive"));
            }
        }
        let size = entry.size();
        let data_at = entry.raw_file_position();
        if name.trim_start_matches("./") == "application.json" && !saw_app_json {
            saw_app_json = true;
            if size > aps_json::MAX_SOURCE_BYTES {
                return Err("its application.json is implausibly large".into());
            }
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).map_err(damaged)?;
            if bytes.len() as u64 != size {
                return Err("it is truncated inside application.json".into());
            }
            let shown = format!("{display}!/application.json");
            let (file, parsed) = aps_json::parse_bytes(&shown, bytes, &aps_json::Options::default());
            let Some(value) = parsed.value else {
                return Err("its application.json is not valid JSON".into());
            };
            if let Some(v) = value.get("appId") {
                if let Some(id) = v.as_str() {
                    report.app_id = Some((file.clone(), v.span, id.to_string()));
                }
            }
        } else {
            let copied = io::copy(&mut entry, &mut io::sink()).map_err(damaged)?;
            if copied != size {
                return Err(format!("it is truncated: `{name}` holds {copied} of its {size} bytes"));
            }
        }
        end_of_members = data_at + size.div_ceil(512) * 512;
    }
    // The entries end at the first zero block; the rest of the stream is read
    // too, so the gzip trailer (CRC-32 and length) is checked and nothing
    // hides behind the end-of-archive marker.
    let mut counted = archive.into_inner();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match counted.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(damaged(e)),
        };
        if buf[..n].iter().any(|&b| b != 0) {
            return Err("it holds data after the tar end-of-archive marker".into());
        }
    }
    if counted.count > MAX_TARGZ_BYTES {
        return Err(format!("it decompresses to more than {} GiB; stopped", MAX_TARGZ_BYTES >> 30));
    }
    if counted.count < end_of_members + 1024 {
        return Err("it is truncated: the tar archive has no end-of-archive marker".into());
    }
    let mut rest = counted.inner.into_inner().into_inner();
    let mut probe = [0u8; 1];
    if rest.read(&mut probe).map_err(damaged)? != 0 {
        return Err("it has bytes after the end of its gzip stream".into());
    }
    if !saw_app_json {
        return Err("it holds no application.json at its top".into());
    }
    Ok(report)
}

/// `aps-pack zstack verify-repo`: the whole repository against its index,
/// its manifest and the expected layout.
pub fn verify_repo(root: &Path, display: &str) -> Result<Vec<Diagnostic>, RepoError> {
    check_root(root)?;
    let mut diags = Vec::new();
    let scan = scan(root).map_err(|e| RepoError::io("cannot read", root, e))?;
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
    match read_index(&root.join(INDEX), &index_display) {
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
            match read_application_targz(&root.join(&targz_rel), &shown) {
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
        if files.iter().any(|f| f == "image.qcow2") {
            let rel_img = format!("{rel}/image.qcow2");
            diags.extend(
                crate::qcow2::inspect(&root.join(&rel_img), &join_display(display, &rel_img)).diagnostics,
            );
        }
    }

    // The manifest against the files.
    let manifest_display = join_display(display, MANIFEST);
    match read_manifest(&root.join(MANIFEST), &manifest_display) {
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
                    let path = root.join(&p);
                    let r = match std::fs::metadata(&path) {
                        _ if through_symlink(root, &p) => Err(io::Error::other(
                            "it is reached through a symbolic link, which is not followed",
                        )),
                        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
                        Err(err) => Err(err),
                        Ok(m) if m.len() != e.size => {
                            Ok(Some(Digest { size: m.len(), sha256: String::new() }))
                        }
                        Ok(_) => sha256_file(&path).map(Some),
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
                        Diagnostic::new(&aps_json::rules::UNREADABLE, format!("cannot read `{p}`: {err}"))
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

/// Whether `rel` (a relative path inside `root`) or a folder on the way to it is a
/// symbolic link.
fn through_symlink(root: &Path, rel: &str) -> bool {
    let mut path = root.to_path_buf();
    rel.split('/').any(|part| {
        path.push(part);
        std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// Arch and version of a folder laid out as `…/<arch>/<version>` (ZStack's
/// `applications/<app>/<arch>/<version>`), and the application folder name.
pub fn infer_place(dir: &Path) -> Option<(String, String, String)> {
    let canonical = std::fs::canonicalize(dir).ok()?;
    let version = canonical.file_name()?.to_str()?.to_string();
    let arch_dir = canonical.parent()?;
    let arch = arch_dir.file_name()?.to_str()?.to_string();
    if !crate::names::ARCHES.contains(&arch.as_str()) {
        return None;
    }
    let app = arch_dir.parent()?.file_name()?.to_str()?.to_string();
    Some((app, arch, version))
}
