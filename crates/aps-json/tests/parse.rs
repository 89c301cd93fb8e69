use aps_diag::{render_human, HumanOptions, SourceFile};
use aps_json::{parse, parse_bytes, Kind, Options};

fn errors(text: &str, opts: &Options) -> String {
    let file = SourceFile::new("input.json", text);
    let parsed = parse(&file, opts);
    render_human(&parsed.diagnostics, &HumanOptions { summary: false, ..Default::default() })
}

#[test]
fn parses_with_spans() {
    let file = SourceFile::new(
        "a.json",
        r#"{"a": [1, -2.5e3, "x\u00e9\ud83d\ude00"], "b": {"c": null, "d": true}}"#,
    );
    let p = parse(&file, &Options::default());
    assert!(p.diagnostics.is_empty());
    let v = p.value.unwrap();
    let one = v.pointer("/a/0").unwrap();
    assert_eq!(file.slice(one.span), "1");
    assert_eq!(one.as_i64(), Some(1));
    assert_eq!(v.pointer("/a/2").unwrap().as_str(), Some("xé😀"));
    assert_eq!(v.pointer("/a/1").unwrap().type_name(), "number");
    assert_eq!(file.slice(v.key_span("/b/d").unwrap()), "\"d\"");
    assert_eq!(v.to_serde(), serde_json::json!({"a":[1,-2500.0,"xé😀"],"b":{"c":null,"d":true}}));
}

#[test]
fn comments_only_when_allowed() {
    let text = "// header\n{ /* c */ \"a\": 1 // tail\n}";
    let file = SourceFile::new("t.schema", text);
    assert!(parse(&file, &Options::with_comments()).value.is_some());
    insta::assert_snapshot!(errors(text, &Options::default()));
}

#[test]
fn duplicate_keys_are_reported_with_both_places() {
    let text = "{\n  \"id\": -1,\n  \"name\": \"x\",\n  \"id\": -2\n}";
    let file = SourceFile::new("w.json", text);
    let p = parse(&file, &Options::default());
    assert!(p.value.is_some(), "a duplicate key is not a syntax error");
    assert_eq!(p.diagnostics.len(), 1);
    assert_eq!(p.diagnostics[0].code(), "JSN002");
    insta::assert_snapshot!(errors(text, &Options::default()));
}

#[test]
fn syntax_error_messages() {
    let cases = [
        ("trailing_comma_array", "[1, 2,]"),
        ("trailing_comma_object", "{\"a\": 1,\n}"),
        ("missing_comma", "{\"a\": 1\n \"b\": 2}"),
        ("single_quotes", "{'a': 1}"),
        ("unquoted_key", "{a: 1}"),
        ("truncated", "{\"a\": [1, 2"),
        ("unterminated_string", "{\"a\": \"abc"),
        ("capital_true", "{\"a\": True}"),
        ("leading_zero", "[01]"),
        ("bad_escape", "[\"a\\q\"]"),
        ("two_values", "{} {}"),
        ("empty", "   "),
        ("control_char", "[\"a\tb\"]"),
        ("unterminated_comment", "/* never closed"),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        let opts = Options { comments: name.contains("comment"), ..Options::default() };
        out.push_str(&format!("=== {name}\n{}\n", errors(text, &opts)));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(10 * 1024 * 1024);
    let file = SourceFile::new("deep.json", deep);
    let p = parse(&file, &Options::default());
    assert!(p.value.is_none());
    assert_eq!(p.diagnostics[0].code(), "JSN003");
    let deep_obj = "{\"a\":".repeat(200_000);
    let p = parse(&SourceFile::new("deep.json", deep_obj), &Options::default());
    assert_eq!(p.diagnostics[0].code(), "JSN003");
}

#[test]
fn non_utf8_is_reported_and_parse_continues() {
    let mut bytes = b"{\"a\": \"caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"\"}");
    let (_, p) = parse_bytes("latin1.json", bytes, &Options::default());
    assert_eq!(p.diagnostics[0].code(), "SRC001");
    assert!(p.value.is_some());
}

#[test]
fn bom_is_skipped() {
    let (_, p) = parse_bytes("bom.json", b"\xEF\xBB\xBF{\"a\":1}".to_vec(), &Options::default());
    assert!(p.diagnostics.is_empty());
    assert!(matches!(p.value.unwrap().kind, Kind::Object(_)));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]
    /// Mutated real input never panics, and anything we accept serde_json accepts too
    /// (comments and duplicate keys aside), with the same value.
    #[test]
    fn mutated_real_input_never_panics(
        idx in 0usize..4096, byte in proptest::prelude::any::<u8>(), cut in 0usize..4096, mode in 0u8..3
    ) {
        let base = include_str!("../../../fixtures/corpus/aps/aps2-boilerplate/scripts/wizard_data.json");
        let mut bytes = base.as_bytes().to_vec();
        let i = idx % bytes.len();
        match mode {
            0 => bytes[i] = byte,
            1 => bytes.truncate(cut % bytes.len()),
            _ => bytes.insert(i, byte),
        }
        let (_, p) = parse_bytes("m.json", bytes.clone(), &Options::default());
        if let (Some(v), true) = (&p.value, p.diagnostics.is_empty()) {
            let theirs: serde_json::Value = serde_json::from_slice(&bytes).expect("serde_json rejects what we accept");
            proptest::prop_assert_eq!(v.to_serde(), theirs);
        }
    }
}
