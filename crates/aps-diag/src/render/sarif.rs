use super::end_line_col;
use crate::{Diagnostic, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// SARIF 2.1.0, one run, with the rules that were reported in `tool.driver.rules`.
/// Paths are emitted as relative URIs (with `/`), as code-scanning upload expects.
pub fn render_sarif(diags: &[Diagnostic], tool_version: &str) -> String {
    render_sarif_rooted(diags, tool_version, None)
}

/// [`render_sarif`] with the paths relative to a source root: each location names
/// `%SRCROOT%` as its `uriBaseId`, and `src_root_uri` (a `file:` URI ending in `/`)
/// is recorded as that base in `originalUriBaseIds`, as code scanning expects.
pub fn render_sarif_rooted(diags: &[Diagnostic], tool_version: &str, src_root_uri: Option<&str>) -> String {
    let mut rule_index: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut rules: Vec<Value> = Vec::new();
    for d in diags {
        if !rule_index.contains_key(d.rule.code) {
            rule_index.insert(d.rule.code, rules.len());
            let r = d.rule;
            rules.push(json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "help": { "text": r.docs_markdown(), "markdown": r.docs_markdown() },
                "defaultConfiguration": { "level": level(r.default_severity) },
                "properties": { "tags": [r.group] },
            }));
        }
    }
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": rule_index[d.rule.code],
                "level": level(d.severity),
                "message": { "text": text },
            });
            if let Some(path) = d.display_path() {
                let mut location = json!({ "uri": uri_of(path) });
                if src_root_uri.is_some() {
                    location["uriBaseId"] = json!("%SRCROOT%");
                }
                let mut physical = json!({ "artifactLocation": location });
                if let Some(lc) = d.line_col() {
                    let mut region = json!({ "startLine": lc.line, "startColumn": lc.column });
                    if let Some(end) = end_line_col(d) {
                        region["endLine"] = json!(end.line);
                        region["endColumn"] =
                            json!(end.column.max(if end.line == lc.line { lc.column } else { 1 }));
                    }
                    physical["region"] = region;
                }
                result["locations"] = json!([{ "physicalLocation": physical }]);
            }
            if let Some(fixes) = d.fix.as_ref().and_then(|f| sarif_fix(f, src_root_uri.is_some())) {
                result["fixes"] = json!([fixes]);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "aps-pack",
                "version": tool_version,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut doc = doc;
    if let Some(root) = src_root_uri {
        doc["runs"][0]["originalUriBaseIds"] = json!({ "%SRCROOT%": { "uri": root } });
    }
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// A fix as SARIF's `fix`: replacements of regions, one `artifactChange` per file. Fixes that
/// write or remove whole files (regenerated schemas, a stale APP-LIST.xml) have no faithful
/// SARIF form and are left out, as are fixes `lint --fix` would not apply (SARIF has no way to
/// say a fix is a guess); `--format json` carries them all.
fn sarif_fix(fix: &crate::Fix, rooted: bool) -> Option<Value> {
    if fix.applicability != crate::fix::Applicability::Safe {
        return None;
    }
    let mut files: Vec<(&str, Vec<Value>)> = Vec::new();
    for change in &fix.changes {
        let crate::Change::Edit { file, edit } = change else { return None };
        let (start, end) = (file.line_col(edit.span.start), file.line_col(edit.span.end));
        let replacement = json!({
            "deletedRegion": {
                "startLine": start.line, "startColumn": start.column,
                "endLine": end.line, "endColumn": end.column,
            },
            "insertedContent": { "text": edit.replacement },
        });
        match files.iter_mut().find(|(path, _)| *path == file.path()) {
            Some((_, replacements)) => replacements.push(replacement),
            None => files.push((file.path(), vec![replacement])),
        }
    }
    let changes: Vec<Value> = files
        .into_iter()
        .map(|(path, replacements)| {
            let mut location = json!({ "uri": uri_of(path) });
            if rooted {
                location["uriBaseId"] = json!("%SRCROOT%");
            }
            json!({ "artifactLocation": location, "replacements": replacements })
        })
        .collect();
    (!changes.is_empty())
        .then(|| json!({ "description": { "text": fix.description }, "artifactChanges": changes }))
}

fn uri_of(path: &str) -> String {
    let path = crate::slashes(path);
    let path = path.strip_prefix("./").unwrap_or(&path);
    path.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '%' => "%25".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            c => c.to_string(),
        })
        .collect()
}
