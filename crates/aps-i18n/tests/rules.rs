//! A fixture per rule (`tests/fixtures/rules/LOCnnn_*`, each a small package): it fires
//! that rule and no other, and its rendering is snapshotted; `clean` fires none.

use aps_diag::{render_human, Diagnostic, HumanOptions};
use aps_model::DirSource;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn render(diags: &[Diagnostic]) -> String {
    let mut diags = diags.to_vec();
    aps_diag::sort_diagnostics(&mut diags);
    render_human(&diags, &HumanOptions { summary: false, ..Default::default() })
}

fn lint(name: &str) -> Vec<Diagnostic> {
    let source = DirSource::new(fixtures().join(name), format!("tests/fixtures/rules/{name}"));
    aps_i18n::lint_package(&source)
}

#[test]
fn every_rule_has_a_firing_fixture() {
    let mut covered = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("LOC"))
        .collect();
    names.sort();
    for name in names {
        let code = &name[..6];
        let diags = lint(&name);
        assert!(!diags.is_empty(), "{name} fires nothing");
        for d in &diags {
            assert_eq!(d.code(), code, "{name} fires {}: {}", d.code(), d.message);
        }
        insta::assert_snapshot!(name.clone(), render(&diags));
        covered.push(code.to_string());
    }
    let all: Vec<String> = aps_i18n::rules::ALL.iter().map(|r| r.code.to_string()).collect();
    assert_eq!(covered, all, "one fixture per rule, in code order");
}

#[test]
fn clean_fixture_fires_nothing() {
    let diags = lint("clean");
    assert!(diags.is_empty(), "{}", render(&diags));
}

#[test]
fn a_dropped_placeholder_is_reported_at_the_msgstr_line() {
    let diags = lint("LOC005_placeholder_mismatch");
    let dropped = diags.iter().find(|d| d.message.contains("drops `${maximum}`")).expect("reported");
    let at = dropped.line_col().expect("a position");
    assert_eq!((at.line, at.column), (7, 1), "{}", render(&diags));
    let po = std::fs::read_to_string(fixtures().join("LOC005_placeholder_mismatch/i18n/de_DE.po")).unwrap();
    assert!(po.lines().nth(6).unwrap().starts_with("msgstr "));
}

#[test]
fn rules_are_documented() {
    for r in aps_i18n::rules::ALL {
        assert!(r.code.starts_with("LOC") && r.code.len() == 6, "{}", r.code);
        assert!(r.docs.contains("## Fix"), "{} has no fix section", r.code);
        assert!(!r.summary.is_empty());
    }
}
