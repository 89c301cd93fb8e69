use super::*;
use aps_diag::SourceFile;

fn parse(text: &str) -> Value {
    let file = SourceFile::new("t.json", text);
    crate::parse(&file, &crate::Options::default()).value.expect("valid JSON")
}

const SCHEMA: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["name"],
  "additionalProperties": false,
  "properties": {
    "name": { "type": "string", "minLength": 1, "description": "The name." },
    "size": { "$ref": "#/$defs/size" },
    "tags": { "type": "array", "items": { "type": "string", "pattern": "^[a-z]+$" } },
    "kind": { "enum": ["a", "b"] },
    "box": { "type": ["array", "object"] }
  },
  "$defs": { "size": { "type": "object", "additionalProperties": false, "properties": { "w": { "type": "integer", "minimum": 1 } } } }
}"##;

fn check(text: &str) -> Vec<Violation> {
    let schema = Schema::compile(SCHEMA).expect("test schema compiles");
    let doc = parse(text);
    schema.validate(&doc.to_serde(), &doc)
}

#[test]
fn a_valid_document_has_no_violations() {
    assert!(check(r#"{"name": "x", "size": {"w": 2}, "tags": ["ab"], "kind": "a", "box": []}"#).is_empty());
}

#[test]
fn each_error_points_at_its_value_or_key() {
    let text =
        "{\"nam\": 1,\n \"size\": {\"w\": 0, \"h\": 1},\n \"tags\": [\"A\"], \"kind\": \"c\", \"box\": 1}";
    let v = check(text);
    let at = |s: Option<Span>| s.map(|s| &text[s.start..s.end]);
    let shown: Vec<String> = v
        .iter()
        .map(|v| match &v.kind {
            ViolationKind::Unknown { key, key_span, allowed } => {
                format!("{} unknown {key} at {:?} of {allowed:?}", v.pointer, at(*key_span))
            }
            k => format!("{} {k:?} at {:?}", v.pointer, at(v.span)),
        })
        .collect();
    insta::assert_debug_snapshot!(shown);
}

#[test]
fn descriptions_follow_refs_and_items() {
    let schema = Schema::compile(SCHEMA).expect("test schema compiles");
    assert_eq!(schema.describe("", "name"), Some("The name."));
    assert!(schema.for_instance("/size").and_then(|s| s.get("properties")).is_some());
    assert!(schema.for_instance("/tags/3").is_some());
}

#[test]
fn a_broken_schema_is_an_error_not_a_silent_pass() {
    assert!(matches!(Schema::compile("{"), Err(CompileError::Json(_))));
    assert!(matches!(Schema::compile(r#"{"type": 5}"#), Err(CompileError::Schema(_))));
}

#[test]
#[should_panic(expected = "embedded schema broken")]
fn a_broken_embedded_schema_panics() {
    static CELL: OnceLock<Schema> = OnceLock::new();
    Schema::embedded(&CELL, "broken", "{");
}

#[test]
fn tokens_round_trip() {
    assert_eq!(escape_token("a/b~c"), "a~1b~0c");
    assert_eq!(unescape_token("a~1b~0c"), "a/b~c");
}
