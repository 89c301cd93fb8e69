//! A baseline: the findings a project has accepted, so that `lint --baseline FILE` reports
//! only new ones.
//!
//! An entry is keyed by the file (relative to the baseline's folder, `/`-separated), the code
//! and a fingerprint of the message and of the text the finding points at (whitespace
//! collapsed) — never a line number, so edits elsewhere in the file do not invalidate it.
//! Identical keys are counted. The file is JSON, sorted, written atomically:
//!
//! ```json
//! { "version": 1,
//!   "entries": [ { "path": "schemas/app.schema", "code": "JSN002", "fingerprint": "…",
//!                  "count": 1, "message": "duplicate key \"url\"" } ] }
//! ```

use crate::CliError;
use aps_diag::Diagnostic;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

#[derive(Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    code: String,
    fingerprint: String,
    count: usize,
    /// For the reader of the file; the fingerprint holds it.
    message: String,
}

/// `(path, code, fingerprint)`.
type Key = (String, String, String);

/// A baseline read from its file, consumed as findings match it.
pub struct Baseline {
    /// As the user named it.
    shown: String,
    dir: PathBuf,
    /// Key → (count left, message).
    entries: BTreeMap<Key, (usize, String)>,
}

impl Baseline {
    /// Read the baseline at `path` (exit 2 when it is missing or not one).
    pub fn read(path: &Path) -> Result<Baseline, CliError> {
        let shown = aps_diag::display_path(path);
        let text = std::fs::read_to_string(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => e.to_string(),
            };
            CliError::new(format!("baseline {shown}: {why}"))
                .with_help(format!("create it with `aps-pack lint --write-baseline {shown}`"))
        })?;
        let file = parse(&text).map_err(|(line, column, why)| {
            CliError::new(format!("baseline {shown}:{line}:{column}: {why}")).with_help(format!(
                "expected a baseline written by `aps-pack lint --write-baseline` (version {VERSION}); write it again"
            ))
        })?;
        if file.version != VERSION {
            return Err(CliError::new(format!(
                "baseline {shown}: version {} is not supported (expected {VERSION})",
                file.version
            ))
            .with_help(format!("write it again with `aps-pack lint --write-baseline {shown}`")));
        }
        let mut entries = BTreeMap::new();
        for e in file.entries {
            let path = stored_path(&e.path);
            let slot = entries.entry((path, e.code, e.fingerprint)).or_insert((0usize, e.message));
            // A hand-edited file may hold any count: saturate rather than overflow.
            slot.0 = slot.0.saturating_add(e.count);
        }
        Ok(Baseline { shown, dir: folder_of(path), entries })
    }

    /// The findings the baseline does not hold.
    pub fn filter(&mut self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let cwd = std::env::current_dir().ok();
        diags
            .into_iter()
            .filter(|d| {
                let key = key_of(d, &self.dir, cwd.as_deref());
                match self.entries.get_mut(&key) {
                    Some((left, _)) if *left > 0 => {
                        *left -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }

    /// How many entries about the files `checked` selects matched no finding.
    pub fn stale(&self, checked: &dyn Fn(&Path) -> bool) -> usize {
        self.entries
            .iter()
            .filter(|((path, _, _), _)| checked(&in_folder(&self.dir, path)))
            .fold(0usize, |sum, (_, (left, _))| sum.saturating_add(*left))
    }

    /// The baseline as named on the command line or in the configuration.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

/// What `write` did.
pub struct Written {
    pub entries: usize,
    pub findings: usize,
    /// Entries of an earlier baseline at that path that were dropped.
    pub pruned: usize,
}

/// Write `diags` as the baseline at `path`. Entries of an earlier baseline there about files
/// this run did not check (`checked`) are kept while the file exists; the others are replaced.
pub fn write(
    path: &Path,
    diags: &[Diagnostic],
    checked: &dyn Fn(&Path) -> bool,
) -> Result<Written, CliError> {
    let dir = folder_of(path);
    let cwd = std::env::current_dir().ok();
    let mut counts: BTreeMap<Key, (usize, String)> = BTreeMap::new();
    for d in diags {
        let slot = counts.entry(key_of(d, &dir, cwd.as_deref())).or_insert((0, d.message.clone()));
        slot.0 += 1;
    }
    let findings = diags.len();
    let mut pruned: usize = 0;
    if path.is_file() {
        if let Ok(old) = Baseline::read(path) {
            for (key, (count, message)) in old.entries {
                let file = in_folder(&dir, &key.0);
                if checked(&file) || !file.exists() {
                    pruned = pruned.saturating_add(count.saturating_sub(counts.get(&key).map_or(0, |c| c.0)));
                } else {
                    counts.entry(key).or_insert((count, message));
                }
            }
        }
    }
    let entries: Vec<Entry> = counts
        .into_iter()
        .map(|((path, code, fingerprint), (count, message))| Entry {
            path,
            code,
            fingerprint,
            count,
            message,
        })
        .collect();
    let written = entries.len();
    let file = BaselineFile { version: VERSION, entries };
    let mut json = serde_json::to_string_pretty(&file)
        .map_err(|e| CliError::new(format!("cannot serialise the baseline: {e}")))?;
    json.push('\n');
    aps_diag::atomic::write(path, json.as_bytes(), Some(0o644), false)
        .map_err(|e| CliError::new(format!("cannot write the baseline {}: {e}", path.display())))?;
    Ok(Written { entries: written, findings, pruned })
}

/// The canonical folder of a baseline file.
fn folder_of(path: &Path) -> PathBuf {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf())
}

/// A finding's key: its file from `dir`, its code, and a fingerprint of its message and of
/// the text it points at.
fn key_of(d: &Diagnostic, dir: &Path, cwd: Option<&Path>) -> Key {
    let path = match d.display_path() {
        Some(shown) => match crate::output::resolve_shown(shown, cwd) {
            Some(full) => relative(&full, dir),
            None => shown.to_string(),
        },
        None => String::new(),
    };
    let mut hasher = Sha256::new();
    hasher.update(d.rule.code.as_bytes());
    hasher.update([0]);
    hasher.update(d.message.as_bytes());
    hasher.update([0]);
    hasher.update(anchor(d).as_bytes());
    let digest = hasher.finalize();
    (path, d.rule.code.to_string(), aps_diag::hex(&digest[..8]))
}

/// Read a baseline file: `(line, column, what is wrong)` when it is not one.
fn parse(text: &str) -> Result<BaselineFile, (usize, usize, String)> {
    if text.trim().is_empty() {
        return Err((1, 1, "empty file, expected a baseline written by --write-baseline".into()));
    }
    let at = |e: &serde_json::Error| (e.line().max(1), e.column().max(1));
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let (line, column) = at(&e);
        (line, column, format!("not JSON ({e})"))
    })?;
    if !value.is_object() {
        let found = match value {
            serde_json::Value::Array(_) => "a list",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::Bool(_) => "true or false",
            _ => "null",
        };
        let start = text.len() - text.trim_start().len();
        let line = 1 + text[..start].matches('\n').count();
        let column = 1 + text[..start].rsplit('\n').next().map_or(0, |l| l.chars().count());
        return Err((
            line,
            column,
            format!(
                "expected an object with \"version\" and \"entries\" (a list of findings), found {found}"
            ),
        ));
    }
    serde_json::from_str(text).map_err(|e| {
        let (line, column) = at(&e);
        (line, column, e.to_string())
    })
}

/// `full` (canonical) relative to `dir` (canonical), `/`-separated, climbing with `..` when
/// it lies outside: a baseline then matches in any checkout of the same tree.
fn relative(full: &Path, dir: &Path) -> String {
    use std::path::Component;
    let (a, b): (Vec<Component>, Vec<Component>) = (full.components().collect(), dir.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return aps_diag::display_path(full);
    }
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for part in &a[common..] {
        rel.push(part.as_os_str());
    }
    aps_diag::display_path(&rel)
}

/// An entry's path as stored in the baseline, with `.` steps removed.
fn stored_path(path: &str) -> String {
    path.split('/').filter(|p| *p != ".").collect::<Vec<_>>().join("/")
}

/// An entry's file: `rel` from `dir`, its `..` steps taken lexically.
fn in_folder(dir: &Path, rel: &str) -> PathBuf {
    if Path::new(rel).is_absolute() {
        // Written by an earlier version, which kept files outside the folder absolute.
        return PathBuf::from(rel);
    }
    let mut full = dir.to_path_buf();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                full.pop();
            }
            _ => full.push(part),
        }
    }
    full
}

/// The text a finding points at, whitespace collapsed; its line when the span is empty.
fn anchor(d: &Diagnostic) -> String {
    let (Some(file), Some(span)) = (&d.file, d.span) else { return String::new() };
    let text = if span.is_empty() {
        let line = file.line_index(span.start);
        file.slice(aps_diag::Span::new(file.line_start(line), file.line_start(line + 1)))
    } else {
        file.slice(span)
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
