//! Code actions: the fixes the findings suggest, as edits.

use crate::convert::LineIndex;
use crate::server::{Server, Stored};
use crate::uri;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse, Range, TextEdit,
    WorkspaceEdit,
};
use std::collections::HashMap;

/// The replacement a help text proposes: "did you mean `x`?".
fn suggestion(help: &str) -> Option<&str> {
    let rest = &help[help.find("did you mean `")? + "did you mean `".len()..];
    Some(&rest[..rest.find('`')?])
}

fn overlaps(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

// `WorkspaceEdit::changes` is keyed by `Uri` in lsp-types; its cached parts never change the key.
#[allow(clippy::mutable_key_type)]
pub fn code_actions(s: &Server<'_>, p: CodeActionParams) -> Option<CodeActionResponse> {
    let path = uri::to_path(&p.text_document.uri)?;
    let (doc, state) = s.doc(&path)?;
    let stored: &Vec<Stored> = state?.diags.get(&path)?;
    let index = LineIndex::new(&doc.text);
    let mut out = Vec::new();
    for d in stored.iter().filter(|d| overlaps(d.lsp.range, p.range)) {
        let Some(edit) = fix(d, &doc.text, &index) else { continue };
        let (title, edit) = edit;
        let changes = HashMap::from([(p.text_document.uri.clone(), vec![edit])]);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.lsp.clone()]),
            edit: Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    Some(out)
}

/// The edit that applies a finding's suggestion, when the text is still the one checked.
fn fix(d: &Stored, text: &str, index: &LineIndex) -> Option<(String, TextEdit)> {
    let span = d.span?;
    let checked = d.text.as_deref()?;
    if text.get(span.start..span.end) != Some(checked) {
        return None;
    }
    if let Some(new) = d.help.as_deref().and_then(suggestion) {
        // A JSON string or an XML attribute value keeps its quotes.
        let replacement = match checked.chars().next() {
            Some(q @ ('"' | '\'')) if checked.len() >= 2 && checked.ends_with(q) => format!("{q}{new}{q}"),
            _ => new.to_string(),
        };
        return Some((format!("Replace with `{new}`"), TextEdit::new(index.range(text, span), replacement)));
    }
    template_entry(d, text, index)
}

/// A resource type missing from the service template: add a template entry for it.
fn template_entry(d: &Stored, text: &str, index: &LineIndex) -> Option<(String, TextEdit)> {
    if !matches!(d.rule.code, "WIZ131" | "WIZ134") {
        return None;
    }
    let span = d.span?;
    let value = crate::nav::parse_json(std::path::Path::new("wizard_data.json"), text)?;
    let rt = value
        .get("defaults")?
        .get("resourceTypes")?
        .as_array()?
        .iter()
        .find(|e| e.span.start <= span.start && span.end <= e.span.end)?;
    let id = rt.get("id")?.as_i64()?;
    let resources = value.get("defaults")?.get("serviceTemplate")?.get("resources")?;
    let list = resources.as_array()?;
    let entry = format!("{{ \"rtID\": {id}, \"limit\": 1, \"unlimited\": false }}");
    let (at, insert) = match list.last() {
        Some(last) => (last.span.end, format!(",\n{}{entry}", indent_of(text, last.span.start))),
        None => (resources.span.start + 1, entry),
    };
    let pos = index.position(text, at);
    Some((
        format!("Add resource type {id} to the service template"),
        TextEdit::new(Range::new(pos, pos), insert),
    ))
}

fn indent_of(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..offset];
    &line[..line.len() - line.trim_start().len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_suggestion() {
        assert_eq!(super::suggestion("did you mean `tenants`?"), Some("tenants"));
        assert_eq!(super::suggestion("fix it"), None);
    }
}
