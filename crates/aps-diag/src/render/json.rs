use super::{end_line_col, Summary};
use crate::Diagnostic;
use serde_json::{json, Value};

/// The stable JSON contract:
///
/// ```json
/// { "version": 1,
///   "diagnostics": [ { "code", "name", "severity", "message", "file", "line", "column",
///                      "end_line", "end_column", "label", "help", "notes", "related",
///                      "fix"? } ],
///   "summary": { "errors", "warnings", "infos" } }
/// ```
///
/// `file`, `line`, `column` are `null` only for findings not tied to any file;
/// a finding about a whole file or folder has line 1, column 1. `fix` is present only when
/// the finding has one: `{ "description", "applicability": "safe"|"unsafe", "changes": [
/// { "kind": "edit", "file", "line", "column", "end_line", "end_column", "replacement" } |
/// { "kind": "write", "file", "contents" } | { "kind": "remove", "file" } ] }`.
pub fn render_json(diags: &[Diagnostic]) -> String {
    let items: Vec<Value> = diags.iter().map(diagnostic_json).collect();
    let doc = json!({
        "version": 1,
        "diagnostics": items,
        "summary": Summary::of(diags),
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn diagnostic_json(d: &Diagnostic) -> Value {
    // A finding about a whole file (no span) points at its start, so that
    // `line`/`column` are integers whenever `file` is set.
    let lc = d.line_col().or_else(|| d.display_path().map(|_| crate::LineCol { line: 1, column: 1 }));
    let end = end_line_col(d);
    let related: Vec<Value> = d
        .labels
        .iter()
        .map(|l| {
            let (file, line, column) = match &l.file {
                Some(f) => {
                    let lc = f.line_col(l.span.start);
                    (Some(f.path().to_string()), Some(lc.line), Some(lc.column))
                }
                None => (None, None, None),
            };
            json!({ "file": file, "line": line, "column": column, "message": l.message })
        })
        .collect();
    let mut item = json!({
        "code": d.rule.code,
        "name": d.rule.name,
        "severity": d.severity,
        "message": d.message,
        "file": d.display_path(),
        "line": lc.map(|l| l.line),
        "column": lc.map(|l| l.column),
        "end_line": end.map(|l| l.line),
        "end_column": end.map(|l| l.column),
        "label": d.label,
        "help": d.help,
        "notes": d.notes,
        "related": related,
    });
    if let (Some(fix), Some(obj)) = (&d.fix, item.as_object_mut()) {
        obj.insert("fix".into(), fix_json(fix));
    }
    item
}

fn fix_json(fix: &crate::Fix) -> Value {
    let changes: Vec<Value> = fix
        .changes
        .iter()
        .map(|c| match c {
            crate::Change::Edit { file, edit } => {
                let (start, end) = (file.line_col(edit.span.start), file.line_col(edit.span.end));
                json!({
                    "kind": "edit", "file": file.path(), "line": start.line, "column": start.column,
                    "end_line": end.line, "end_column": end.column, "replacement": edit.replacement,
                })
            }
            crate::Change::Write { path, contents } => {
                json!({ "kind": "write", "file": path, "contents": contents })
            }
            crate::Change::Remove { path } => json!({ "kind": "remove", "file": path }),
        })
        .collect();
    json!({ "description": fix.description, "applicability": fix.applicability, "changes": changes })
}
