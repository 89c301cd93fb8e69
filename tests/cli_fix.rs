//! `aps-pack lint --fix` and `--diff`, end to end: copies of fixtures with the mistakes the
//! rules know how to fix, fixed, then checked clean, with exactly the broken lines changed.

mod common;

use common::{aps_pack, code, copy_tree, json, root, show, stdout};
use std::path::{Path, PathBuf};

/// A copy of the README's example package, in a temporary folder (the tests run there, so
/// paths in the output are `pkg/…`).
fn hello(tmp: &Path) -> PathBuf {
    let dir = tmp.join("pkg");
    copy_tree(&root().join("examples/hello-cloud"), &dir);
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The lines of `a` and `b` that differ, as (line number, before, after).
fn changed_lines(a: &str, b: &str) -> Vec<(usize, String, String)> {
    assert_eq!(a.lines().count(), b.lines().count());
    a.lines()
        .zip(b.lines())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| (i + 1, x.to_string(), y.to_string()))
        .collect()
}

const TEMPLATE_LAST: &str = ",\n                { \"rtID\": -100004, \"limit\": 0, \"unlimited\": true }";

/// Misspellings with one clear suggestion (an APP-META.xml element, a wizard key and a
/// service reference) and a resource type missing from the service template.
fn break_it(dir: &Path) {
    let wizard = dir.join("scripts/wizard_data.json");
    edit(&wizard, "\"service_id\": \"tenants\", \"autoprovide", "\"service_id\": \"tenantz\", \"autoprovide");
    edit(
        &wizard,
        "\"actParams\": { \"service_id\": \"tenants\", \"resource_id\"",
        "\"actparams\": { \"service_id\": \"tenants\", \"resource_id\"",
    );
    edit(&wizard, TEMPLATE_LAST, "");
    edit(&dir.join("APP-META.xml"), "<version>1.2</version>", "<versoin>1.2</versoin>");
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = hello(tmp.path());
    break_it(&dir);
    let before = std::fs::read_to_string(dir.join("scripts/wizard_data.json")).unwrap();
    let out = aps_pack(tmp.path(), &["lint", "--diff", "pkg"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    insta::assert_snapshot!(stdout(&out));
    assert_eq!(std::fs::read_to_string(dir.join("scripts/wizard_data.json")).unwrap(), before);

    // Nothing to fix: no diff, exit 0.
    let clean = hello(&tmp.path().join("clean"));
    let out = aps_pack(tmp.path(), &["lint", "--diff", clean.to_str().unwrap()]);
    assert_eq!((code(&out), stdout(&out)), (0, String::new()), "{}", show(&out));
}

#[test]
fn fix_changes_exactly_the_broken_lines_and_lint_is_then_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = hello(tmp.path());
    break_it(&dir);
    let broken_wizard = std::fs::read_to_string(dir.join("scripts/wizard_data.json")).unwrap();
    let broken_meta = std::fs::read_to_string(dir.join("APP-META.xml")).unwrap();
    let out = aps_pack(tmp.path(), &["lint", "--fix", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(show(&out).contains("4 fixed"), "{}", show(&out));

    let meta = std::fs::read_to_string(dir.join("APP-META.xml")).unwrap();
    assert_eq!(
        changed_lines(&broken_meta, &meta),
        [(5, "    <versoin>1.2</versoin>".into(), "    <version>1.2</version>".into())]
    );
    let wizard = std::fs::read_to_string(dir.join("scripts/wizard_data.json")).unwrap();
    // The template gains one line after its last entry; the rest is renamed in place.
    let entry = "                { \"rtID\": -100004, \"limit\": 1, \"unlimited\": false }";
    let mut expected_lines: Vec<&str> = broken_wizard.lines().collect();
    let last = expected_lines.iter().position(|l| l.contains("\"rtID\": -100003")).unwrap();
    expected_lines.insert(last + 1, entry);
    let grown = expected_lines.join("\n") + "\n";
    assert_eq!(
        changed_lines(&grown, &wizard),
        [
            (
                35,
                "                \"actParams\": { \"service_id\": \"tenantz\", \"autoprovide_service\": 1 }"
                    .into(),
                "                \"actParams\": { \"service_id\": \"tenants\", \"autoprovide_service\": 1 }"
                    .into()
            ),
            (
                49,
                "                \"actparams\": { \"service_id\": \"tenants\", \"resource_id\": \"users\" }"
                    .into(),
                "                \"actParams\": { \"service_id\": \"tenants\", \"resource_id\": \"users\" }"
                    .into()
            ),
            (
                58,
                "                { \"rtID\": -100003, \"limit\": 1, \"unlimited\": false }".into(),
                "                { \"rtID\": -100003, \"limit\": 1, \"unlimited\": false },".into()
            ),
        ]
    );

    let out = aps_pack(tmp.path(), &["lint", "--format", "json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(json(&out)["diagnostics"], serde_json::json!([]));
}

#[test]
fn json_output_carries_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = hello(tmp.path());
    break_it(&dir);
    let out = aps_pack(tmp.path(), &["lint", "--format", "json", "pkg"]);
    let doc = json(&out);
    let diags = doc["diagnostics"].as_array().unwrap();
    let wiz113 = diags.iter().find(|d| d["code"] == "WIZ113").unwrap();
    assert_eq!(
        wiz113["fix"],
        serde_json::json!({
            "description": "Replace with `tenants`",
            "applicability": "safe",
            "changes": [{
                "kind": "edit", "file": "pkg/scripts/wizard_data.json",
                "line": 35, "column": 46, "end_line": 35, "end_column": 55,
                "replacement": "\"tenants\"",
            }],
        })
    );
    // A finding without a fix has no `fix` key.
    let aps103 = diags.iter().find(|d| d["code"] == "APS103").unwrap();
    assert!(aps103.get("fix").is_none(), "{aps103}");
}

#[test]
fn fix_removes_a_stale_app_list_from_the_source_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = hello(tmp.path());
    std::fs::write(
        dir.join("APP-LIST.xml"),
        "<?xml version=\"1.0\"?>\n<files xmlns=\"http://apstandard.com/ns/1\">\n</files>\n",
    )
    .unwrap();
    let out = aps_pack(tmp.path(), &["lint", "--diff", "pkg"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stdout(&out).starts_with("--- pkg/APP-LIST.xml\n+++ /dev/null\n"), "{}", stdout(&out));
    let out = aps_pack(tmp.path(), &["lint", "--fix", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(!dir.join("APP-LIST.xml").exists());
    let out = aps_pack(tmp.path(), &["lint", "--diff", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
}

#[test]
fn fix_regenerates_a_stale_schema_gen() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pkg");
    copy_tree(&root().join("fixtures/php-packages/aps_dummy"), &dir);
    assert_eq!(code(&aps_pack(tmp.path(), &["schema", "gen", "pkg"])), 0);
    let gen = dir.join("schemas/apps.schema.gen");
    let fresh = std::fs::read_to_string(&gen).unwrap();
    std::fs::write(&gen, fresh.replacen("\"name\": \"app\"", "\"name\": \"appx\"", 1)).unwrap();
    let out = aps_pack(tmp.path(), &["schema", "gen", "--check", "pkg"]);
    assert_eq!(code(&out), 1, "{}", show(&out));

    let out = aps_pack(tmp.path(), &["lint", "--fix", "pkg"]);
    assert!(show(&out).contains("fixed"), "{}", show(&out));
    assert_eq!(std::fs::read_to_string(&gen).unwrap(), fresh);
    let out = aps_pack(tmp.path(), &["schema", "gen", "--check", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
}

/// SARIF carries the same fixes as `result.fixes`: applied by this test on its own (regions in
/// lines and code-point columns, last first), they give what `lint --fix` writes.
#[test]
fn sarif_fixes_give_what_fix_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = hello(tmp.path());
    break_it(&dir);
    let out = aps_pack(tmp.path(), &["lint", "--format", "sarif", "pkg"]);
    let doc = json(&out);
    /// Start line and column, end line and column, and the text put there.
    type Replacement = (usize, usize, usize, usize, String);
    let mut by_file: std::collections::BTreeMap<String, Vec<Replacement>> = Default::default();
    let mut fixes = 0;
    for result in doc["runs"][0]["results"].as_array().unwrap() {
        let Some(list) = result.get("fixes") else { continue };
        for fix in list.as_array().unwrap() {
            assert!(fix["description"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{fix}");
            fixes += 1;
            for change in fix["artifactChanges"].as_array().unwrap() {
                let uri = change["artifactLocation"]["uri"].as_str().unwrap().to_string();
                for r in change["replacements"].as_array().unwrap() {
                    let region = &r["deletedRegion"];
                    let at = |k: &str| region[k].as_u64().unwrap() as usize;
                    let text = r["insertedContent"]["text"].as_str().unwrap().to_string();
                    by_file.entry(uri.clone()).or_default().push((
                        at("startLine"),
                        at("startColumn"),
                        at("endLine"),
                        at("endColumn"),
                        text,
                    ));
                }
            }
        }
    }
    assert_eq!(fixes, 4, "{doc:#}");
    // Byte offset of a 1-based line and code-point column.
    fn offset(text: &str, line: usize, column: usize) -> usize {
        let start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
        let rest = &text[start..];
        start + rest.char_indices().nth(column - 1).map_or(rest.len(), |(i, _)| i)
    }
    let fixed = tempfile::tempdir().unwrap();
    let fixed_dir = fixed.path().join("pkg");
    copy_tree(&dir, &fixed_dir);
    let out = aps_pack(fixed.path(), &["lint", "--fix", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    for (uri, mut replacements) in by_file {
        let path = tmp.path().join(&uri);
        let mut text = std::fs::read_to_string(&path).unwrap();
        replacements.sort_by_key(|r| std::cmp::Reverse((r.0, r.1)));
        for (sl, sc, el, ec, inserted) in replacements {
            let (from, to) = (offset(&text, sl, sc), offset(&text, el, ec));
            text.replace_range(from..to, &inserted);
        }
        let expected = std::fs::read_to_string(fixed.path().join(&uri)).unwrap();
        assert_eq!(text, expected, "{uri}");
    }
}

/// A misspelt key of aps-pack.toml is fixed by `lint --fix` of the package that reads it, and
/// the report after the fix is of the configuration as fixed.
#[test]
fn fix_renames_a_misspelt_configuration_key() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = hello(tmp.path());
    let config = dir.join("aps-pack.toml");
    std::fs::write(&config, "# checked in CI\n[build]\nexlude = [\"tests/**\"]  # kept\n").unwrap();
    let out = aps_pack(tmp.path(), &["lint", "--fix", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(!stdout(&out).contains("CFG002"), "reported on the fixed file: {}", show(&out));
    assert!(common::stderr(&out).contains("1 fixed"), "{}", show(&out));
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "# checked in CI\n[build]\nexclude = [\"tests/**\"]  # kept\n"
    );
}
