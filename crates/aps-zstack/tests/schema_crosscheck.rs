//! The published schemas (`schemas/zstack/`) judged by an independent JSON
//! Schema validator (Python `jsonschema`, Draft 2020-12) must agree with
//! aps-pack's own reading of them on every fixture file: valid or not.
//! Skipped (with a note) where that validator is not installed.

use aps_zstack::schema::{self, Which};
use std::process::Command;

fn fixture_files() -> Vec<(Which, String)> {
    let mut out = Vec::new();
    let mut dirs: Vec<String> = std::fs::read_dir("tests/fixtures/apps")
        .expect("fixtures")
        .map(|e| e.expect("entry").path().to_string_lossy().into_owned())
        .collect();
    dirs.push("../../fixtures/corpus/zstack/zstack_io_grafana/x86_64/11.2.0".into());
    dirs.sort();
    for d in dirs {
        for (which, name) in
            [(Which::Application, "application"), (Which::Input, "input"), (Which::Output, "output")]
        {
            let p = format!("{d}/{name}.json");
            if std::path::Path::new(&p).is_file() {
                out.push((which, p));
            }
        }
    }
    out
}

fn ours(which: Which, path: &str) -> Option<bool> {
    let text = std::fs::read_to_string(path).ok()?;
    let file = aps_diag::SourceFile::new(path, text);
    let value = aps_json::parse(&file, &aps_json::Options::default()).value?;
    Some(schema::validate(which, &value).is_empty())
}

#[test]
fn python_jsonschema_agrees_on_every_fixture() {
    let probe = Command::new("python3").args(["-c", "import jsonschema"]).status();
    if !probe.map(|s| s.success()).unwrap_or(false) {
        eprintln!("note: python3 with jsonschema not found; cross-check skipped");
        return;
    }
    let script = r#"
import json, sys, jsonschema
schemas = {}
for arg in sys.argv[1:]:
    kind, path = arg.split(":", 1)
    if kind not in schemas:
        schemas[kind] = json.load(open(f"../../schemas/zstack/{kind}.schema.json"))
        jsonschema.Draft202012Validator.check_schema(schemas[kind])
    errors = list(jsonschema.Draft202012Validator(schemas[kind]).iter_errors(json.load(open(path))))
    print("valid" if not errors else "invalid")
"#;
    let mut ours_list = Vec::new();
    let mut args = Vec::new();
    for (which, path) in fixture_files() {
        let Some(valid) = ours(which, &path) else { continue };
        let kind = match which {
            Which::Application => "application",
            Which::Input => "input",
            Which::Output => "output",
            Which::Steps => "steps",
        };
        args.push(format!("{kind}:{path}"));
        ours_list.push((path, valid));
    }
    let o = Command::new("python3").arg("-c").arg(script).args(&args).output().expect("python3");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let theirs: Vec<bool> = stdout.lines().map(|l| l.trim() == "valid").collect();
    assert_eq!(theirs.len(), ours_list.len());
    for ((path, valid), theirs) in ours_list.iter().zip(theirs) {
        assert_eq!(*valid, theirs, "{path}: aps-pack says valid={valid}, jsonschema says valid={theirs}");
    }
    assert!(ours_list.len() > 40, "only {} files compared", ours_list.len());
}
