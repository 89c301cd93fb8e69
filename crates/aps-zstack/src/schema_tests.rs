use super::*;
use serde_json::Value as Json;

fn patterns(s: &Json, bad: &mut Vec<String>) {
    match s {
        Json::Object(o) => {
            for (k, v) in o {
                if k == "pattern" && !PATTERNS.iter().any(|p| Some(p.regex) == v.as_str()) {
                    bad.push(v.to_string());
                }
                patterns(v, bad);
            }
        }
        Json::Array(a) => a.iter().for_each(|v| patterns(v, bad)),
        _ => {}
    }
}

#[test]
fn every_schema_compiles_and_its_patterns_are_explained() {
    for which in ALL {
        let s = schema(which);
        let mut bad = Vec::new();
        patterns(s.raw(), &mut bad);
        assert!(bad.is_empty(), "{which:?}: patterns without an explanation: {bad:?}");
    }
}

#[test]
fn the_app_id_pattern_agrees_with_the_name_check() {
    let app_id: Schema =
        Schema::compile(&format!(r#"{{"type": "string", "pattern": "{}"}}"#, PATTERNS[0].regex))
            .expect("compiles");
    let long = "a".repeat(129);
    for s in ["zstack.io.grafana", "a", ".a", "a/b", "", "-x", "a+b", "é", "a\n", long.as_str(), &long[1..]]
    {
        let doc = Value { span: aps_diag::Span::default(), kind: aps_json::Kind::String(s.to_string()) };
        let by_schema = app_id.check(&doc).is_empty();
        assert_eq!(by_schema, crate::names::unsafe_name_reason(s).is_none(), "{s:?}");
    }
}
