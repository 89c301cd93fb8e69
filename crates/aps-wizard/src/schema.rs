//! The structural check: the published JSON Schema
//! (`schemas/wizard-data.schema.json`) run through the `jsonschema` crate,
//! every error mapped back to a line and column of the file.
//!
//! Where a semantic rule gives a clearer diagnostic for the same mistake
//! (an unknown resource class with a suggestion, a name over 60 characters,
//! a negative limit, a wrong profile type) the schema error is dropped in
//! favour of that rule, so each mistake is reported once. Keys the schema
//! rejects become "unknown key" warnings with a suggestion taken from the
//! keys the schema allows at that place.

use crate::rules::{schema_mismatch::SCHEMA_MISMATCH, unknown_key::UNKNOWN_KEY};
use crate::wizard::{display_pointer, head};
use aps_diag::{Diagnostic, SourceFile, Span};
use aps_json::schema::{Schema, ViolationKind};
use aps_json::Value;
use std::sync::{Arc, OnceLock};

/// The schema text, as published.
pub const SCHEMA_TEXT: &str = include_str!("../../../schemas/wizard-data.schema.json");

/// The schema is compiled once per process (a test compiles it, so a broken
/// schema is a failed build, never a skipped check).
fn compiled() -> &'static Schema {
    static COMPILED: OnceLock<Schema> = OnceLock::new();
    Schema::embedded(&COMPILED, "wizard-data.schema.json", SCHEMA_TEXT)
}

/// Errors a dedicated rule reports instead (keyword, pointer pattern; `*` = any one token).
const LEFT_TO_RULES: &[(&str, &str)] = &[
    ("maxLength", "/defaults/resourceTypes/*/name"),
    ("enum", "/defaults/resourceTypes/*/resClass"),
    ("*", "/defaults/serviceTemplate/resources/*/limit"),
    ("const", "/defaults/apsResources/*/type"),
    ("const", "/defaults/resellerProfile/type"),
];

fn matches_pattern(pointer: &str, pattern: &str) -> bool {
    let mut p = pointer.split('/');
    let mut q = pattern.split('/');
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if b == "*" || a == b => {
                let _ = a;
            }
            _ => return false,
        }
    }
}

fn left_to_rules(keyword: &str, pointer: &str) -> bool {
    LEFT_TO_RULES.iter().any(|(k, pat)| (*k == "*" || *k == keyword) && matches_pattern(pointer, pat))
}

/// Run the schema over `value` and report every structural error.
pub fn check(file: &Arc<SourceFile>, value: &Value, out: &mut Vec<Diagnostic>) {
    // Numbers the conversion below would round or turn into `null` are
    // reported as written; the schema would only see the converted value.
    let bad_numbers = crate::numbers::bad_numbers(value);
    out.extend(bad_numbers.iter().filter_map(|b| crate::numbers::diagnostic(file, b)));
    for violation in compiled().validate(&value.to_serde(), value) {
        let pointer = violation.pointer;
        if left_to_rules(violation.kind.keyword(), &pointer)
            || bad_numbers.iter().any(|b| b.pointer == pointer)
        {
            continue;
        }
        let at = value.pointer(&pointer);
        let span = violation.span.unwrap_or_else(|| head(value));
        let place = display_pointer(&pointer);
        match violation.kind {
            ViolationKind::Unknown { key, key_span, allowed } => {
                let mut allowed: Vec<String> = allowed.into_iter().filter(|k| !k.starts_with('$')).collect();
                allowed.sort();
                let key_span = key_span.unwrap_or(span);
                let help = aps_diag::did_you_mean_help(&key, allowed.iter().map(String::as_str))
                    .unwrap_or_else(|| {
                        if allowed.is_empty() {
                            "remove it".to_string()
                        } else {
                            format!("known keys here: {}", quote_list(&allowed))
                        }
                    });
                out.push(
                    Diagnostic::new(&UNKNOWN_KEY, format!("unknown key `{key}` in {place}"))
                        .at(file, key_span)
                        .with_label("not a key of the wizard data format here")
                        .with_help(help)
                        .with_note("the platform ignores keys it does not know, so its value is lost"),
                );
            }
            ViolationKind::Required { field: missing } => {
                let anchor = at
                    .map(|v| match value.key_span(&pointer) {
                        Some(k) if !pointer.is_empty() && k != v.span => k,
                        _ => head(v),
                    })
                    .unwrap_or_else(|| head(value));
                let present: Vec<&str> =
                    at.and_then(Value::as_object).map(|o| o.keys().collect()).unwrap_or_default();
                let help = aps_diag::did_you_mean(&missing, present.iter().copied())
                    .map(|near| format!("`{near}` is present: did you mean `{missing}`?"))
                    .unwrap_or_else(|| format!("add `{missing}`"));
                out.push(
                    Diagnostic::new(&SCHEMA_MISMATCH, format!("{place} has no `{missing}`"))
                        .at(file, anchor)
                        .with_label(format!("`{missing}` is required here"))
                        .with_help(help),
                );
            }
            ViolationKind::UniqueItems => {
                let (dup_span, dup) = first_duplicate(at).unwrap_or((span, String::new()));
                out.push(
                    Diagnostic::new(&SCHEMA_MISMATCH, format!("{place} lists {dup} more than once"))
                        .at(file, dup_span)
                        .with_label("repeated here")
                        .with_help("remove the repeated item"),
                );
            }
            kind => {
                let found = at.map(describe_value).unwrap_or_default();
                let (expected, help) = expectation(&kind);
                let message = format!("{place} must be {expected}, found {found}");
                out.push(
                    Diagnostic::new(&SCHEMA_MISMATCH, message)
                        .at(file, span)
                        .with_label(format!("expected {expected}"))
                        .with_help_opt(help),
                );
            }
        }
    }
}

fn quote_list(items: &[String]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

fn first_duplicate(array: Option<&Value>) -> Option<(Span, String)> {
    let items = array?.as_array()?;
    let mut seen = std::collections::HashSet::new();
    for item in items {
        let key = item.to_serde().to_string();
        if !seen.insert(key.clone()) {
            return Some((item.span, format!("`{key}`")));
        }
    }
    None
}

/// `a string "x"`, `the integer 5`, for messages.
fn describe_value(v: &Value) -> String {
    let text = v.to_serde().to_string();
    let shown = if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    };
    match v.type_name() {
        "object" => "an object".to_string(),
        "array" => "an array".to_string(),
        "null" => "`null`".to_string(),
        "integer" => format!("the integer `{shown}`"),
        t => format!("a {t} `{shown}`"),
    }
}

fn type_name(t: &str) -> String {
    match t {
        "integer" => "an integer".to_string(),
        "object" => "an object".to_string(),
        "array" => "an array".to_string(),
        "null" => "`null`".to_string(),
        other => format!("a {other}"),
    }
}

/// What the schema expected (for the message) and a suggestion.
fn expectation(kind: &ViolationKind) -> (String, Option<String>) {
    match kind {
        ViolationKind::Type { expected } => {
            (expected.iter().map(|t| type_name(t)).collect::<Vec<_>>().join(" or "), None)
        }
        ViolationKind::Enum { options } => {
            let list = options
                .as_array()
                .map(|a| a.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            (format!("one of {list}"), None)
        }
        ViolationKind::Const { expected } => (format!("`{expected}`"), None),
        ViolationKind::MinLength { .. } => ("a non-empty string".into(), None),
        ViolationKind::MaxLength { limit } => (format!("at most {limit} characters long"), None),
        ViolationKind::Minimum { limit } => (format!("at least {limit}"), None),
        ViolationKind::Maximum { limit } => (format!("at most {limit}"), None),
        ViolationKind::Pattern { pattern } => {
            if pattern.starts_with("^[0-9]+") {
                ("a version such as `2.2`".into(), None)
            } else {
                (format!("a string matching `{pattern}`"), None)
            }
        }
        ViolationKind::AnyOf => (
            "a string or an array of strings".into(),
            Some("give the id of the related resource: `idglobals`, a wizard resource id or a UUID".into()),
        ),
        other => (format!("valid ({})", other.keyword()), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles_and_accepts_the_corpus_shape() {
        let _ = compiled();
        assert!(matches_pattern("/defaults/resourceTypes/3/name", "/defaults/resourceTypes/*/name"));
        assert!(!matches_pattern("/defaults/resourceTypes/3", "/defaults/resourceTypes/*/name"));
        assert!(!matches_pattern("/defaults/resourceTypes/3/name/x", "/defaults/resourceTypes/*/name"));
    }

    #[test]
    fn the_schema_is_valid_under_its_metaschema() {
        assert!(jsonschema::meta::is_valid(compiled().raw()));
    }
}
