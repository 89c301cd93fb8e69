//! Completion where the set of values is known. The key is found in the text before the
//! cursor, so a half-typed document (which does not parse) still completes.

use crate::nav::{at, class_hover, parse_json};
use crate::server::Server;
use aps_json::Value;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, Range, TextEdit,
};

/// The key whose value the cursor is typing: `"key": "partial|` or `"key": -12|`.
struct Context {
    key: String,
    /// Byte offset where the typed value (after its opening quote, if any) starts.
    start: usize,
    quoted: bool,
}

fn context(text: &str, offset: usize) -> Option<Context> {
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    // Inside a string when an odd number of unescaped quotes precede the cursor on the line.
    let mut quotes = Vec::new();
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => quotes.push(i),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    let (start, quoted, head_end) = if quotes.len() % 2 == 1 {
        let q = line_start + quotes[quotes.len() - 1];
        (q + 1, true, q)
    } else {
        let typed = line.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-');
        let s = line_start + typed.len();
        (s, false, s)
    };
    let head = before[..head_end].trim_end();
    let head = head.strip_suffix(':')?.trim_end();
    let head = head.strip_suffix('"')?;
    let key_start = head.rfind('"')?;
    let key = &head[key_start + 1..];
    if key.is_empty() || key.contains(['{', '}', ',', ':']) {
        return None;
    }
    Some(Context { key: key.to_string(), start, quoted })
}

/// The text of the object around the cursor (from the last `{` before it to the next `}`).
fn enclosing(text: &str, offset: usize) -> &str {
    let from = text[..offset].rfind('{').unwrap_or(0);
    let to = text[offset..].find('}').map_or(text.len(), |i| offset + i);
    &text[from..to]
}

/// The string value of `"key": "…"` in a piece of text.
fn string_after<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let pat = format!("\"{key}\"");
    let rest = &text[text.find(&pat)? + pat.len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(&rest[..rest.find('"')?])
}

struct Candidate {
    value: String,
    string: bool,
    detail: Option<String>,
    docs: Option<String>,
    kind: CompletionItemKind,
}

/// The ids of a `defaults.<list>` array. A document that does not parse (being typed) is
/// read as text: every `"id": …` after `"<list>"` and before the next of the known lists.
fn wizard_entries(wizard: Option<&Value>, text: &str, list: &str) -> Vec<(Value, Option<String>)> {
    if wizard.is_none() {
        return scanned_ids(text, list).into_iter().map(|v| (v, None)).collect();
    }
    let items = wizard
        .and_then(|w| w.get("defaults"))
        .and_then(|d| d.get(list))
        .and_then(Value::as_array)
        .unwrap_or_default();
    items
        .iter()
        .filter_map(|e| {
            let id = e.get("id")?.clone();
            let detail = e
                .get("name")
                .or_else(|| e.get("apsType"))
                .or_else(|| e.get("type"))
                .and_then(Value::as_str)
                .map(str::to_string);
            Some((id, detail))
        })
        .collect()
}

fn scanned_ids(text: &str, list: &str) -> Vec<Value> {
    let Some(from) = text.find(&format!("\"{list}\"")) else { return Vec::new() };
    let rest = &text[from + list.len() + 2..];
    let end = ["\"apsResources\"", "\"resourceTypes\"", "\"serviceTemplate\""]
        .iter()
        .filter_map(|k| rest.find(k))
        .min()
        .unwrap_or(rest.len());
    let mut out = Vec::new();
    let mut region = &rest[..end];
    while let Some(i) = region.find("\"id\"") {
        region = &region[i + 4..];
        let Some(value) = region.trim_start().strip_prefix(':').map(str::trim_start) else { continue };
        let kind = if let Some(s) = value.strip_prefix('"') {
            s.find('"').map(|e| aps_json::Kind::String(s[..e].to_string()))
        } else {
            let n: String = value.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
            (!n.is_empty()).then_some(aps_json::Kind::Number(aps_json::Number { raw: n }))
        };
        if let Some(kind) = kind {
            out.push(Value { kind, span: aps_diag::Span::new(0, 0) });
        }
    }
    out
}

pub fn completion(s: &Server<'_>, p: CompletionParams) -> Option<CompletionResponse> {
    let tp = p.text_document_position;
    let at = at(s, &tp.text_document.uri, tp.position)?;
    let cx = context(at.text, at.offset)?;
    let wizard = parse_json(&at.path, at.text);
    let pkg = at.package;
    let mut out: Vec<Candidate> = Vec::new();
    let in_relations = enclosing_key_is(at.text, at.offset, "relations");
    match cx.key.as_str() {
        "rtID" => {
            for (id, name) in wizard_entries(wizard.as_ref(), at.text, "resourceTypes") {
                let Some(n) = id.as_i64() else { continue };
                out.push(Candidate {
                    value: n.to_string(),
                    string: false,
                    detail: name,
                    docs: None,
                    kind: CompletionItemKind::REFERENCE,
                });
            }
        }
        k if k == "resource_uid" || in_relations => {
            out.push(Candidate {
                value: aps_wizard::IDGLOBALS.into(),
                string: true,
                detail: Some("the application resource".into()),
                docs: None,
                kind: CompletionItemKind::CONSTANT,
            });
            for (id, ty) in wizard_entries(wizard.as_ref(), at.text, "apsResources") {
                let Some(id) = id.as_str() else { continue };
                out.push(Candidate {
                    value: id.into(),
                    string: true,
                    detail: ty,
                    docs: None,
                    kind: CompletionItemKind::REFERENCE,
                });
            }
        }
        "service_id" => {
            for svc in pkg.map(|p| p.services.as_slice()).unwrap_or_default() {
                let ty =
                    pkg.and_then(|p| p.registry.type_of_service(&svc.service_id)).map(|t| t.id().to_string());
                out.push(Candidate {
                    value: svc.service_id.clone(),
                    string: true,
                    detail: ty,
                    docs: None,
                    kind: CompletionItemKind::MODULE,
                });
            }
        }
        "resource_id" => {
            let obj = enclosing(at.text, at.offset);
            if let (Some(pkg), Some(service)) = (pkg, string_after(obj, "service_id")) {
                if let Some(ty) = pkg.registry.type_of_service(service) {
                    for c in pkg.registry.counters(ty.id()) {
                        out.push(Candidate {
                            value: c.property.name.value.clone(),
                            string: true,
                            detail: Some(format!(
                                "{} counter{}",
                                c.kind.as_str(),
                                c.unit.map(|u| format!(", unit {u}")).unwrap_or_default()
                            )),
                            docs: c.property.title.as_ref().map(|t| t.value.clone()),
                            kind: CompletionItemKind::FIELD,
                        });
                    }
                }
            }
        }
        "resClass" => {
            for name in aps_wizard::class_names() {
                out.push(Candidate {
                    value: name.into(),
                    string: true,
                    detail: None,
                    docs: class_hover(name),
                    kind: CompletionItemKind::ENUM_MEMBER,
                });
            }
        }
        "apsType" | "type" => {
            for t in pkg.map(|p| p.registry.iter().collect::<Vec<_>>()).unwrap_or_default() {
                let name = t.schema.name.as_ref().map(|n| n.value.clone());
                out.push(Candidate {
                    value: t.id().into(),
                    string: true,
                    detail: name,
                    docs: None,
                    kind: CompletionItemKind::CLASS,
                });
            }
            if pkg.is_none() {
                for id in aps_model::standard::standard_type_ids() {
                    out.push(Candidate {
                        value: id.to_string(),
                        string: true,
                        detail: Some("standard type".into()),
                        docs: None,
                        kind: CompletionItemKind::CLASS,
                    });
                }
            }
        }
        _ => return None,
    }
    let end = at.offset;
    let range = Range::new(at.index.position(at.text, cx.start), at.index.position(at.text, end));
    let items = out
        .into_iter()
        .map(|c| {
            let text = if c.string && !cx.quoted { format!("\"{}\"", c.value) } else { c.value.clone() };
            CompletionItem {
                label: c.value.clone(),
                kind: Some(c.kind),
                detail: c.detail,
                documentation: c.docs.map(|d| {
                    Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: d })
                }),
                filter_text: Some(c.value),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, text))),
                ..Default::default()
            }
        })
        .collect();
    Some(CompletionResponse::Array(items))
}

/// Is the cursor directly inside the object of `"key": { … }`?
fn enclosing_key_is(text: &str, offset: usize, key: &str) -> bool {
    let Some(open) = text[..offset].rfind('{') else { return false };
    if text[open..offset].contains('}') {
        return false;
    }
    let head = text[..open].trim_end();
    head.strip_suffix(':').map(str::trim_end).is_some_and(|h| h.ends_with(&format!("\"{key}\"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_key_being_typed() {
        let t = "{ \"rtID\": -10";
        let c = context(t, t.len()).unwrap();
        assert_eq!((c.key.as_str(), c.start, c.quoted), ("rtID", 10, false));
        let t = "{\n  \"service_id\": \"ten";
        let c = context(t, t.len()).unwrap();
        assert_eq!((c.key.as_str(), &t[c.start..], c.quoted), ("service_id", "ten", true));
        assert!(context("{ \"a\", ", 7).is_none());
        assert!(context("", 0).is_none());
    }
}
