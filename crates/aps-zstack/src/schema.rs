//! The published JSON Schemas (`schemas/zstack/*.schema.json`), applied to the
//! span-keeping parse tree so every violation points at a line and column.
//!
//! Only the keywords these schemas use are interpreted: `type`, `properties`,
//! `required`, `additionalProperties: false`, `items`, `minLength`, `minimum`,
//! `maximum` and `pattern`. A `pattern` is matched by a hand-written function
//! registered in [`PATTERNS`] (no regex engine); a unit test fails when a schema
//! uses a keyword or pattern this module does not implement, so the schemas
//! and the checks cannot drift apart.

use aps_diag::Span;
use aps_json::{Kind, Value};
use serde_json::Value as Schema;
use std::sync::OnceLock;

/// Which ZStack file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Application,
    Input,
    Output,
    Steps,
}

const APPLICATION: &str = include_str!("../../../schemas/zstack/application.schema.json");
const INPUT: &str = include_str!("../../../schemas/zstack/input.schema.json");
const OUTPUT: &str = include_str!("../../../schemas/zstack/output.schema.json");
const STEPS: &str = include_str!("../../../schemas/zstack/steps.schema.json");

/// The schema text, as published.
pub fn text(which: Which) -> &'static str {
    match which {
        Which::Application => APPLICATION,
        Which::Input => INPUT,
        Which::Output => OUTPUT,
        Which::Steps => STEPS,
    }
}

fn schema(which: Which) -> Option<&'static Schema> {
    static CACHE: OnceLock<[Option<Schema>; 4]> = OnceLock::new();
    let all = CACHE
        .get_or_init(|| [APPLICATION, INPUT, OUTPUT, STEPS].map(|t| serde_json::from_str::<Schema>(t).ok()));
    let i = match which {
        Which::Application => 0,
        Which::Input => 1,
        Which::Output => 2,
        Which::Steps => 3,
    };
    all[i].as_ref()
}

/// A pattern of the schemas and the function that decides it.
pub struct Pattern {
    pub regex: &'static str,
    pub matches: fn(&str) -> bool,
    /// What the allowed values look like, for messages.
    pub explain: &'static str,
}

pub static PATTERNS: &[Pattern] = &[
    Pattern {
        regex: "^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$",
        matches: |s| crate::names::unsafe_name_reason(s).is_none(),
        explain:
            "ASCII letters, digits, `.`, `_`, `-`, `+`, not starting with `.` or `-`, at most 128 characters",
    },
    Pattern {
        regex: "^[A-Za-z_][A-Za-z0-9_]*$",
        matches: |s| {
            let mut chars = s.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        },
        explain: "a letter or `_`, then letters, digits or `_` (it is written `{{.name}}` in the templates)",
    },
];

/// One way a value fails its schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Violation {
    /// Wrong JSON type.
    Type { pointer: String, span: Span, expected: String, found: &'static str },
    /// A required member is absent from the object at `span`.
    Required { pointer: String, span: Span, field: String, present: Vec<String> },
    /// A member the schema does not list.
    Unknown { pointer: String, key_span: Span, key: String, known: Vec<String> },
    /// A string shorter than allowed (only `minLength: 1` is used: empty strings).
    TooShort { pointer: String, span: Span },
    /// A number outside `minimum`/`maximum`.
    OutOfRange { pointer: String, span: Span, bound: String },
    /// A string that does not match `pattern`.
    Pattern { pointer: String, span: Span, value: String, explain: &'static str },
}

/// Check `value` against the schema of `which`.
pub fn validate(which: Which, value: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    if let Some(s) = schema(which) {
        check(s, value, "", &mut out);
    }
    out
}

fn type_matches(expected: &str, v: &Value) -> bool {
    match expected {
        "object" => matches!(v.kind, Kind::Object(_)),
        "array" => matches!(v.kind, Kind::Array(_)),
        "string" => matches!(v.kind, Kind::String(_)),
        "boolean" => matches!(v.kind, Kind::Bool(_)),
        "null" => matches!(v.kind, Kind::Null),
        "number" => matches!(v.kind, Kind::Number(_)),
        "integer" => matches!(&v.kind, Kind::Number(n) if n.is_integer()),
        _ => false,
    }
}

fn check(s: &Schema, v: &Value, ptr: &str, out: &mut Vec<Violation>) {
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Schema::String(one) => vec![one.as_str()],
            Schema::Array(many) => many.iter().filter_map(Schema::as_str).collect(),
            _ => Vec::new(),
        };
        if !types.is_empty() && !types.iter().any(|t| type_matches(t, v)) {
            out.push(Violation::Type {
                pointer: ptr.to_string(),
                span: v.span,
                expected: types.join(" or "),
                found: v.type_name(),
            });
            return;
        }
    }
    match &v.kind {
        Kind::Object(obj) => {
            let props = s.get("properties").and_then(Schema::as_object);
            if let Some(required) = s.get("required").and_then(Schema::as_array) {
                for field in required.iter().filter_map(Schema::as_str) {
                    if obj.get(field).is_none() {
                        out.push(Violation::Required {
                            pointer: ptr.to_string(),
                            span: v.span,
                            field: field.to_string(),
                            present: obj.keys().map(str::to_string).collect(),
                        });
                    }
                }
            }
            let closed = s.get("additionalProperties") == Some(&Schema::Bool(false));
            for m in obj.iter() {
                let child_ptr = format!("{ptr}/{}", m.key.replace('~', "~0").replace('/', "~1"));
                match props.and_then(|p| p.get(&m.key)) {
                    Some(sub) => check(sub, &m.value, &child_ptr, out),
                    None if closed => out.push(Violation::Unknown {
                        pointer: child_ptr,
                        key_span: m.key_span,
                        key: m.key.clone(),
                        known: props.map(|p| p.keys().cloned().collect()).unwrap_or_default(),
                    }),
                    None => {}
                }
            }
        }
        Kind::Array(items) => {
            if let Some(item_schema) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(item_schema, item, &format!("{ptr}/{i}"), out);
                }
            }
        }
        Kind::String(text) => {
            if let Some(min) = s.get("minLength").and_then(Schema::as_u64) {
                if (text.chars().count() as u64) < min {
                    out.push(Violation::TooShort { pointer: ptr.to_string(), span: v.span });
                }
            }
            if let Some(re) = s.get("pattern").and_then(Schema::as_str) {
                if let Some(p) = PATTERNS.iter().find(|p| p.regex == re) {
                    if !(p.matches)(text) {
                        out.push(Violation::Pattern {
                            pointer: ptr.to_string(),
                            span: v.span,
                            value: text.clone(),
                            explain: p.explain,
                        });
                    }
                }
            }
        }
        Kind::Number(n) => {
            let x = n.as_f64();
            if let (Some(x), Some(min)) = (x, s.get("minimum").and_then(Schema::as_f64)) {
                if x < min {
                    out.push(Violation::OutOfRange {
                        pointer: ptr.to_string(),
                        span: v.span,
                        bound: format!("at least {min}"),
                    });
                }
            }
            if let (Some(x), Some(max)) = (x, s.get("maximum").and_then(Schema::as_f64)) {
                if x > max {
                    out.push(Violation::OutOfRange {
                        pointer: ptr.to_string(),
                        span: v.span,
                        bound: format!("at most {max}"),
                    });
                }
            }
        }
        _ => {}
    }
}

/// The `description` the schema gives the member `field` of the object at
/// `pointer` (used as help text for a missing field).
pub fn describe(which: Which, pointer: &str, field: &str) -> Option<&'static str> {
    let mut s = schema(which)?;
    for token in pointer.split('/').filter(|t| !t.is_empty()) {
        s = if token.parse::<usize>().is_ok() && s.get("items").is_some() {
            s.get("items")?
        } else {
            s.get("properties")?.get(token)?
        };
    }
    s.get("properties")?.get(field)?.get("description")?.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &[
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "required",
        "properties",
        "additionalProperties",
        "items",
        "minLength",
        "minimum",
        "maximum",
        "pattern",
    ];

    fn keywords(s: &Schema, path: &str, bad: &mut Vec<String>) {
        let Some(obj) = s.as_object() else { return };
        for (k, v) in obj {
            if !KNOWN.contains(&k.as_str()) {
                bad.push(format!("{path}/{k}"));
            }
            match k.as_str() {
                "properties" => {
                    for (name, sub) in v.as_object().into_iter().flatten() {
                        keywords(sub, &format!("{path}/properties/{name}"), bad);
                    }
                }
                "items" => keywords(v, &format!("{path}/items"), bad),
                "pattern" if !PATTERNS.iter().any(|p| Some(p.regex) == v.as_str()) => {
                    bad.push(format!("{path}/pattern {v}"));
                }
                "additionalProperties" if v != &Schema::Bool(false) => bad.push(format!("{path}/{k}")),
                _ => {}
            }
        }
    }

    #[test]
    fn schemas_parse_and_use_only_implemented_keywords() {
        for which in [Which::Application, Which::Input, Which::Output, Which::Steps] {
            let s = schema(which).unwrap_or_else(|| panic!("{which:?} schema is not valid JSON"));
            let mut bad = Vec::new();
            keywords(s, "", &mut bad);
            assert!(bad.is_empty(), "{which:?}: keywords not implemented by schema.rs: {bad:?}");
        }
    }

    #[test]
    fn patterns_agree_with_their_regex_on_samples() {
        let app_id = &PATTERNS[0];
        for (s, ok) in [("zstack.io.grafana", true), ("a", true), (".a", false), ("a/b", false), ("", false)]
        {
            assert_eq!((app_id.matches)(s), ok, "{s:?}");
        }
        let ident = &PATTERNS[1];
        for (s, ok) in [("cpu_num", true), ("_x1", true), ("1x", false), ("a-b", false), ("", false)] {
            assert_eq!((ident.matches)(s), ok, "{s:?}");
        }
    }
}
