//! Fixes: the changes a finding knows would resolve it, as data. `lint --fix` applies them,
//! `lint --diff` shows them, the JSON and SARIF outputs carry them and the language server
//! offers them as quick fixes, so each is worded and computed once, where the finding is made.

use crate::edit::Edit;
use crate::{SourceFile, Span};
use std::sync::Arc;

/// Whether a fix can be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Mechanical and certain: `lint --fix` applies it.
    Safe,
    /// Likely right but a guess: offered in editors, never applied by `lint --fix`.
    Unsafe,
}

/// One change of a fix.
#[derive(Debug, Clone)]
pub enum Change {
    /// Replace a span of a file that was read (its display path is where it is written).
    Edit { file: Arc<SourceFile>, edit: Edit },
    /// Write a whole file (created or replaced), at a display path.
    Write { path: String, contents: String },
    /// Remove a file, at a display path.
    Remove { path: String },
}

impl Change {
    /// The display path the change is about.
    pub fn path(&self) -> &str {
        match self {
            Change::Edit { file, .. } => file.path(),
            Change::Write { path, .. } | Change::Remove { path } => path,
        }
    }
}

/// What to change to resolve a finding.
#[derive(Debug, Clone)]
pub struct Fix {
    /// Imperative, shown as the quick fix's title: "Replace with `resClass`".
    pub description: String,
    pub applicability: Applicability,
    pub changes: Vec<Change>,
}

impl Fix {
    /// A safe fix of edits in one file.
    pub fn edits(description: impl Into<String>, file: &Arc<SourceFile>, edits: Vec<Edit>) -> Self {
        Fix {
            description: description.into(),
            applicability: Applicability::Safe,
            changes: edits.into_iter().map(|edit| Change::Edit { file: file.clone(), edit }).collect(),
        }
    }

    /// Replace the name at `span` by `new`: a misspelt key or reference with one clear
    /// suggestion. A quoted token (a JSON string, an XML attribute value) keeps its quotes.
    pub fn rename(file: &Arc<SourceFile>, span: Span, new: &str) -> Self {
        let old = file.slice(span);
        let replacement = match old.chars().next() {
            Some(q @ ('"' | '\'')) if old.len() >= 2 && old.ends_with(q) => format!("{q}{new}{q}"),
            _ => new.to_string(),
        };
        Fix::edits(format!("Replace with `{new}`"), file, vec![Edit::replace(span, replacement)])
    }

    /// `rename` when there is one suggestion.
    pub fn rename_opt(file: &Arc<SourceFile>, span: Span, new: Option<&str>) -> Option<Self> {
        new.map(|n| Fix::rename(file, span, n))
    }

    /// Remove a file.
    pub fn remove(description: impl Into<String>, path: impl Into<String>) -> Self {
        Fix {
            description: description.into(),
            applicability: Applicability::Safe,
            changes: vec![Change::Remove { path: path.into() }],
        }
    }

    /// Write a whole file.
    pub fn write(description: impl Into<String>, path: impl Into<String>, contents: String) -> Self {
        Fix {
            description: description.into(),
            applicability: Applicability::Safe,
            changes: vec![Change::Write { path: path.into(), contents }],
        }
    }

    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }
}

/// What the fixes chosen from a set of findings do to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlan {
    /// Display path.
    pub path: String,
    /// The text the edits were computed against (`None` for a whole-file write or removal:
    /// the caller reads what is there).
    pub before: Option<String>,
    /// The new text (`None`: the file is removed).
    pub after: Option<String>,
}

/// The safe fixes of `diags` that can be applied together, grouped by file, in path order.
/// A fix is applied whole or not at all; one that touches a span (or file) an earlier fix
/// already changes is left for the next round, after the file is checked again.
pub struct Plan {
    pub files: Vec<FilePlan>,
    /// How many fixes the plan applies.
    pub fixes: usize,
}

pub fn plan(diags: &[crate::Diagnostic]) -> Plan {
    use std::collections::BTreeMap;
    enum Whole {
        Write(String),
        Remove,
    }
    let mut edits: BTreeMap<String, (Arc<SourceFile>, Vec<Edit>)> = BTreeMap::new();
    let mut whole: BTreeMap<String, Whole> = BTreeMap::new();
    let mut fixes = 0;
    let overlaps = |a: Span, b: Span| (a.start < b.end && b.start < a.end) || (a.is_empty() && a == b);
    for fix in diags.iter().filter_map(|d| d.fix.as_ref()).filter(|f| f.is_safe() && !f.changes.is_empty()) {
        let clashes = fix.changes.iter().any(|c| {
            let path = c.path();
            match c {
                Change::Edit { file, edit } => {
                    whole.contains_key(path)
                        || edits.get(path).is_some_and(|(f, es)| {
                            f.text() != file.text() || es.iter().any(|e| overlaps(e.span, edit.span))
                        })
                }
                Change::Write { .. } | Change::Remove { .. } => {
                    whole.contains_key(path) || edits.contains_key(path)
                }
            }
        });
        if clashes {
            continue;
        }
        fixes += 1;
        for change in &fix.changes {
            match change {
                Change::Edit { file, edit } => edits
                    .entry(file.path().to_string())
                    .or_insert_with(|| (file.clone(), Vec::new()))
                    .1
                    .push(edit.clone()),
                Change::Write { path, contents } => {
                    whole.insert(path.clone(), Whole::Write(contents.clone()));
                }
                Change::Remove { path } => {
                    whole.insert(path.clone(), Whole::Remove);
                }
            }
        }
    }
    let mut files: Vec<FilePlan> = edits
        .into_iter()
        .map(|(path, (file, es))| FilePlan {
            path,
            before: Some(file.text().to_string()),
            after: Some(crate::edit::apply(file.text(), es)),
        })
        .collect();
    files.extend(whole.into_iter().map(|(path, w)| FilePlan {
        path,
        before: None,
        after: match w {
            Whole::Write(c) => Some(c),
            Whole::Remove => None,
        },
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Plan { files, fixes }
}

#[cfg(test)]
#[path = "fix_tests.rs"]
mod tests;
