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
    let schema: Schema = Schema::compile(SCHEMA).expect("test schema compiles");
    let doc = parse(text);
    schema.check(&doc)
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
    let schema: Schema = Schema::compile(SCHEMA).expect("test schema compiles");
    assert_eq!(schema.describe("", "name"), Some("The name."));
    assert!(schema.for_instance("/size").and_then(|s| s.get("properties")).is_some());
    assert!(schema.for_instance("/tags/3").is_some());
}

#[test]
fn a_broken_schema_is_an_error_not_a_silent_pass() {
    assert!(matches!(Schema::<Spanned>::compile("{"), Err(CompileError::Json(_))));
    assert!(matches!(Schema::<Spanned>::compile(r#"{"type": 5}"#), Err(CompileError::Schema(_))));
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

/// The tree read in place gives exactly what its `serde_json` copy gives:
/// repeated keys (the last value at the first place), numbers no `i64`,
/// `u64` or finite `f64` holds (`null`), enums, uniqueness, `propertyNames`.
#[test]
fn the_tree_in_place_and_its_serde_copy_give_the_same_violations() {
    const EVERY: &str = r##"{
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object",
      "required": ["name", "n"],
      "additionalProperties": false,
      "propertyNames": { "maxLength": 6 },
      "properties": {
        "name": { "type": "string", "minLength": 2, "maxLength": 3, "pattern": "^[a-z]+$" },
        "n": { "type": "integer", "minimum": 1, "maximum": 5 },
        "f": { "type": "number", "exclusiveMaximum": 1.5 },
        "z": { "type": "null" },
        "e": { "enum": ["a", 1, null, [1], {"k": true}] },
        "c": { "const": {"a": [1, 2.0]} },
        "u": { "type": "array", "uniqueItems": true, "minItems": 2 },
        "o": { "type": "object", "required": ["k"], "properties": { "k": { "type": "boolean" } }, "additionalProperties": false },
        "any": { "anyOf": [{ "type": "string" }, { "type": "integer" }] },
        "one": { "oneOf": [{ "type": "integer" }, { "minimum": 0 }] },
        "not": { "not": { "type": "array" } }
      }
    }"##;
    let docs = [
        r#"{"name": "ab", "n": 3}"#,
        r#"{"name": "ab", "n": 3, "name": "ABCDE", "n": 9}"#,
        r#"{"name": "x", "n": 1e999, "z": 1e999, "f": 1.5, "e": "b", "c": {"a": [1, 2]}}"#,
        r#"{"name": "abc", "n": 18446744073709551615, "u": [1, 1.0], "e": [1], "c": {"a": [1]}}"#,
        r#"{"name": "abc", "n": 99999999999999999999, "u": [{"a": 1}, {"a": 1}], "e": {"k": true}}"#,
        r#"{"name": "ab", "n": 2.0, "o": {"k": 1, "x": 2, "k": true}, "any": 1.5, "one": 3, "not": []}"#,
        r#"{"name": 5, "toolongname": 1, "o": {"x": 1}, "any": null, "one": -1, "u": [null, "a"]}"#,
        r#"[1, 2]"#,
    ];
    let spanned: Schema = Schema::compile(EVERY).expect("compiles");
    let converted: Schema<SerdeJson> = Schema::compile(EVERY).expect("compiles");
    for text in docs {
        let file = SourceFile::new("t.json", text);
        let doc = crate::parse(&file, &crate::Options::default()).value.expect("valid JSON");
        let in_place = spanned.check(&doc);
        assert_eq!(in_place, converted.validate(&doc.to_serde(), &doc), "{text}");
        // Only the first document is valid.
        assert_eq!(in_place.is_empty(), text == docs[0], "{text}: {in_place:?}");
    }
}
