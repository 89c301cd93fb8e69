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

use crate::rules::schema_mismatch::{expectation, SchemaMismatch};
use crate::rules::unknown_key::UnknownKey;
use crate::wizard::{display_pointer, head};
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
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
    for violation in compiled().check(value) {
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
                let near = aps_diag::did_you_mean(&key, allowed.iter().map(String::as_str));
                let fix = aps_diag::Fix::rename_opt(file, key_span, near);
                out.push(
                    UnknownKey { key: &key, place: &place, allowed: &allowed }
                        .diagnostic()
                        .at(file, key_span)
                        .with_fix_opt(fix)
                        .with_label("not a key of the wizard data format here")
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
                let near = aps_diag::did_you_mean(&missing, present.iter().copied());
                out.push(
                    SchemaMismatch::Missing { place: &place, missing: &missing, near }
                        .diagnostic()
                        .at(file, anchor)
                        .with_label(format!("`{missing}` is required here")),
                );
            }
            ViolationKind::UniqueItems => {
                let (dup_span, dup) = first_duplicate(at).unwrap_or((span, String::new()));
                out.push(
                    SchemaMismatch::Repeated { place: &place, item: &dup }
                        .diagnostic()
                        .at(file, dup_span)
                        .with_label("repeated here"),
                );
            }
            kind => {
                let (expected, _) = expectation(&kind);
                out.push(
                    SchemaMismatch::Invalid { place: &place, kind: &kind, found: at }
                        .diagnostic()
                        .at(file, span)
                        .with_label(format!("expected {expected}")),
                );
            }
        }
    }
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
