//! A fixture per rule (`tests/fixtures/rules/PHPnnn_*`): it fires that rule
//! and no other, and its rendering is snapshotted; `clean.php` fires none.

use aps_diag::{render_human, Diagnostic, HumanOptions, SourceFile};
use aps_model::{load_package, DirSource, PackageSource};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn render(diags: &[Diagnostic]) -> String {
    let mut diags = diags.to_vec();
    aps_diag::sort_diagnostics(&mut diags);
    render_human(&diags, &HumanOptions { summary: false, ..Default::default() })
}

/// Only the standard types are known to the registry in these fixtures.
fn standard_only(id: &str) -> bool {
    id.starts_with("http://aps-standard.org/types/")
}

fn run_script(path: &Path) -> Vec<Diagnostic> {
    let name = path.file_name().unwrap().to_string_lossy();
    let file = SourceFile::new(format!("scripts/{name}"), std::fs::read_to_string(path).unwrap());
    aps_php::generate(&[file], &standard_only).diagnostics
}

#[test]
fn every_rule_has_a_firing_fixture() {
    let mut covered = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(fixtures()).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(code) = name.strip_prefix("PHP").map(|_| &name[..6]) else { continue };
        let diags = if path.is_dir() {
            let src: Arc<dyn PackageSource> =
                Arc::new(DirSource::new(&path, format!("tests/fixtures/rules/{name}")));
            let (pkg, d) = load_package(src.clone());
            assert!(d.is_empty(), "{name}: {}", render(&d));
            let (generated, mut d) = aps_php::generate_for_package(src.as_ref(), &pkg.unwrap().meta);
            d.extend(aps_php::check_drift(src.as_ref(), &generated));
            d
        } else {
            run_script(&path)
        };
        assert!(!diags.is_empty(), "{name} fires nothing");
        for d in &diags {
            assert_eq!(d.code(), code, "{name} fires {}: {}", d.code(), d.message);
        }
        insta::assert_snapshot!(name.trim_end_matches(".php").to_string(), render(&diags));
        covered.push(code.to_string());
    }
    let all: Vec<String> = aps_php::rules::ALL.iter().map(|r| r.code.to_string()).collect();
    assert_eq!(covered, all, "one fixture per rule, in code order");
}

#[test]
fn clean_fixture_fires_nothing() {
    let diags = run_script(&fixtures().join("clean.php"));
    assert!(diags.is_empty(), "{}", render(&diags));
}

#[test]
fn rules_are_documented() {
    for r in aps_php::rules::ALL {
        assert!(r.code.starts_with("PHP") && r.code.len() == 6, "{}", r.code);
        assert!(r.docs.contains("## Fix") || r.docs.contains("**Fix:**"), "{} has no fix section", r.code);
        assert!(!r.summary.is_empty());
    }
}
