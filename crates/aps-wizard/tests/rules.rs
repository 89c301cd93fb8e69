//! One fixture per rule (`tests/fixtures/<CODE>-<name>/wizard_data.json`)
//! that makes it fire, and a clean fixture that fires nothing. Each fixture
//! is linted against `tests/fixtures/package.json` (or the `package.json` in
//! its own folder) and must report exactly its rule's code, plus the codes
//! listed in an optional `also` file; the rendered messages are snapshots.

use aps_diag::{Diagnostic, HumanOptions};
use aps_wizard::{lint_wizard, MemoryPackage, PackageContext};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load_package(path: &Path) -> MemoryPackage {
    let text = std::fs::read_to_string(path).unwrap();
    MemoryPackage::from_json(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// Lint `dir/wizard_data.json` the way the CLI does: parse (duplicate keys
/// and syntax are the parser's), then the wizard rules.
fn lint_dir(dir: &Path, package: Option<&dyn PackageContext>) -> Vec<Diagnostic> {
    let bytes = std::fs::read(dir.join("wizard_data.json")).unwrap();
    let name = dir.file_name().unwrap().to_string_lossy();
    let (file, parsed) =
        aps_json::parse_bytes(&format!("{name}/wizard_data.json"), bytes, &aps_json::Options::default());
    let mut diags = parsed.diagnostics;
    if let Some(value) = &parsed.value {
        diags.extend(lint_wizard(&file, value, package));
    }
    aps_diag::sort_diagnostics(&mut diags);
    diags
}

fn render(diags: &[Diagnostic]) -> String {
    let opts = HumanOptions { color: false, unicode: true, width: 100, summary: true };
    aps_diag::render_human(diags, &opts)
}

fn codes(diags: &[Diagnostic]) -> BTreeSet<&'static str> {
    diags.iter().map(|d| d.rule.code).collect()
}

#[test]
fn clean_fixture_fires_nothing_with_the_package() {
    let pkg = load_package(&fixtures().join("package.json"));
    let diags = lint_dir(&fixtures().join("clean"), Some(&pkg));
    assert!(diags.is_empty(), "{}", render(&diags));
}

#[test]
fn clean_fixture_fires_nothing_standalone() {
    let diags = lint_dir(&fixtures().join("clean"), None);
    assert!(diags.is_empty(), "{}", render(&diags));
}

#[test]
fn every_rule_has_a_fixture_that_fires_exactly_it() {
    let shared = load_package(&fixtures().join("package.json"));
    let mut covered = BTreeSet::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().unwrap().to_string_lossy().starts_with("WIZ"))
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let code = name.split('-').next().unwrap().to_string();
        let rule = aps_wizard::rules::ALL.iter().find(|r| r.code == code).expect("fixture of a known rule");
        assert_eq!(name, format!("{}-{}", rule.code, rule.name), "fixture folders are named CODE-name");
        let own = dir.join("package.json");
        let standalone = dir.join("standalone").exists();
        let own_pkg = own.exists().then(|| load_package(&own));
        let pkg: Option<&dyn PackageContext> =
            if standalone { None } else { Some(own_pkg.as_ref().unwrap_or(&shared)) };
        let diags = lint_dir(&dir, pkg);
        let mut expected: BTreeSet<String> = BTreeSet::from([code.clone()]);
        if let Ok(also) = std::fs::read_to_string(dir.join("also")) {
            expected.extend(also.split_whitespace().map(String::from));
        }
        let got: BTreeSet<String> = codes(&diags).into_iter().map(String::from).collect();
        assert_eq!(got, expected, "fixture {name}:\n{}", render(&diags));
        covered.insert(code);
        insta::assert_snapshot!(name.clone(), render(&diags));
    }
    let missing: Vec<&str> =
        aps_wizard::rules::ALL.iter().map(|r| r.code).filter(|c| !covered.contains(*c)).collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}

/// The help of WIZ141 lists the package's profile types in one order, whatever
/// order the package declares them in (it once followed a hash set's order).
#[test]
fn unknown_aps_type_help_lists_profile_types_in_a_stable_order() {
    let profile = "http://aps-standard.org/types/core/profile/service/1.0";
    let package = |ids: [&str; 2]| {
        let types: Vec<serde_json::Value> =
            ids.iter().map(|id| serde_json::json!({ "id": id, "implements": [profile] })).collect();
        MemoryPackage::from_json(&serde_json::json!({ "services": {}, "types": types })).unwrap()
    };
    let wizard = serde_json::json!({
        "defaults": { "apsResources": [
            { "id": "offer", "type": profile, "apsType": "http://elsewhere.example.org/q/9.9" }
        ] }
    })
    .to_string();
    let help = |pkg: &MemoryPackage| {
        let (file, parsed) = aps_json::parse_bytes(
            "wizard_data.json",
            wizard.clone().into_bytes(),
            &aps_json::Options::default(),
        );
        let diags = lint_wizard(&file, parsed.value.as_ref().unwrap(), Some(pkg as &dyn PackageContext));
        let found = diags.iter().find(|d| d.rule.code == "WIZ141").expect("WIZ141 fires");
        found.help.clone().unwrap_or_default()
    };
    let a = "http://example.com/a-offer/1.0";
    let z = "http://example.com/z-offer/1.0";
    let expected = format!("types of the package implementing it: `{a}`, `{z}`");
    assert_eq!(help(&package([z, a])), expected);
    assert_eq!(help(&package([a, z])), expected);
}
