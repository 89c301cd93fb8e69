//! Hostile and malformed wizard data: every value of the clean fixture
//! replaced in turn by values of other types, and every prefix of the file;
//! lint, resolve and instantiate must never panic, and every diagnostic must
//! point inside the file.

use aps_wizard::{instantiate, lint_wizard, resolve, Bindings, MemoryPackage, PackageContext};
use std::path::Path;

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)).unwrap()
}

fn package() -> MemoryPackage {
    MemoryPackage::from_json(&serde_json::from_str(&fixture("package.json")).unwrap()).unwrap()
}

fn run_all(text: &str, pkg: &dyn PackageContext) {
    let (file, parsed) =
        aps_json::parse_bytes("wizard_data.json", text.as_bytes().to_vec(), &aps_json::Options::default());
    let Some(value) = parsed.value else { return };
    for package in [None, Some(pkg)] {
        for d in lint_wizard(&file, &value, package) {
            if let Some(span) = d.span {
                assert!(span.start <= span.end && span.end <= text.len(), "{} out of the file", d.rule.code);
            }
        }
        let graph = resolve(&file, &value, package);
        let _ = (graph.to_json(), graph.to_dot(), graph.to_text());
    }
    let bindings = Bindings {
        idglobals: Some("8e1d8a2c-3b0f-4c55-9a0e-2f0c9d1e7b11".into()),
        id_oaid: Some(7),
        base: Some(100),
        ..Default::default()
    };
    let _ = instantiate(&value, &bindings);
}

/// Byte ranges of every scalar and container value in the text (strings,
/// numbers, literals, objects, arrays), found with the span-keeping parser.
fn value_spans(text: &str) -> Vec<(usize, usize)> {
    fn walk(v: &aps_json::Value, out: &mut Vec<(usize, usize)>) {
        out.push((v.span.start, v.span.end));
        match &v.kind {
            aps_json::Kind::Array(items) => items.iter().for_each(|i| walk(i, out)),
            aps_json::Kind::Object(o) => o.iter().for_each(|m| walk(&m.value, out)),
            _ => {}
        }
    }
    let file = aps_diag::SourceFile::new("x", text);
    let parsed = aps_json::parse(&file, &aps_json::Options::default());
    let mut out = Vec::new();
    walk(parsed.value.as_ref().unwrap(), &mut out);
    out
}

#[test]
fn every_value_replaced_by_every_type_never_panics() {
    let text = fixture("clean/wizard_data.json");
    let pkg = package();
    let replacements =
        ["null", "0", "-1", "1.5", "\"\"", "\"idglobals\"", "[]", "{}", "[1, \"x\", null]", "true"];
    let spans = value_spans(&text);
    assert!(spans.len() > 200, "the fixture exercises many values: {}", spans.len());
    for (start, end) in spans.into_iter().skip(1) {
        for r in replacements {
            let mutated = format!("{}{r}{}", &text[..start], &text[end..]);
            run_all(&mutated, &pkg);
        }
    }
}

#[test]
fn truncated_files_never_panic() {
    let text = fixture("clean/wizard_data.json");
    let pkg = package();
    for cut in (0..text.len()).step_by(97) {
        run_all(&text[..cut], &pkg);
    }
    for odd in [
        "{}",
        "[]",
        "null",
        "\"defaults\"",
        "{\"defaults\": {\"resourceTypes\": [[]], \"serviceTemplate\": []}}",
    ] {
        run_all(odd, &pkg);
    }
}
