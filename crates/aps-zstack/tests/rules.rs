//! Every folder rule (ZST1xx) has a fixture under `tests/fixtures/apps/<CODE>-<name>/`
//! (or an image under `tests/fixtures/images/`) that makes it fire, and a snapshot
//! of how it reads; the `ok` fixture is clean.

use aps_diag::{render_human, sort_diagnostics, HumanOptions};
use aps_zstack::{lint_app_dir, rules, LintOptions};
use std::path::PathBuf;

/// Paths relative to the crate (the working folder of integration tests), so snapshots are stable.
const APPS: &str = "tests/fixtures/apps";
const IMAGES: &str = "tests/fixtures/images";

struct Case {
    name: String,
    dir: String,
    opts: LintOptions,
}

fn image(name: &str) -> Option<PathBuf> {
    Some(PathBuf::from(format!("{IMAGES}/{name}")))
}

fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = std::fs::read_dir(APPS)
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ZST"))
        .map(|n| Case { dir: format!("{APPS}/{n}"), name: n, opts: LintOptions::default() })
        .collect();
    for c in &mut cases {
        if c.name.starts_with("ZST120") {
            c.opts.app_folder = Some("hello_web".into());
        }
        if c.name.starts_with("ZST155") {
            c.opts.image = image("ok.qcow2");
        }
    }
    for (name, img) in [
        ("ZST150-image-not-qcow2", "raw-disk.img"),
        ("ZST151-qcow2-invalid-header", "bad-cluster-bits.qcow2"),
        ("ZST152-qcow2-backing-file", "overlay.qcow2"),
        ("ZST153-qcow2-encrypted", "encrypted.qcow2"),
        ("ZST154-qcow2-dirty", "dirty.qcow2"),
    ] {
        cases.push(Case {
            name: name.into(),
            dir: format!("{APPS}/ok"),
            opts: LintOptions { image: image(img), ..Default::default() },
        });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

fn lint(dir: &str, opts: &LintOptions) -> Vec<aps_diag::Diagnostic> {
    let mut d = lint_app_dir(std::path::Path::new(dir), dir, opts);
    sort_diagnostics(&mut d);
    d
}

#[test]
fn each_rule_fixture_fires_its_rule() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for case in cases() {
            let diags = lint(&case.dir, &case.opts);
            let code = &case.name[..6];
            assert!(
                diags.iter().any(|d| d.code() == code),
                "{}: expected {code}, got {:?}",
                case.name,
                diags.iter().map(|d| d.code()).collect::<Vec<_>>()
            );
            let text = render_human(
                &diags,
                &HumanOptions { color: false, unicode: true, width: 100, summary: true },
            );
            insta::assert_snapshot!(case.name.clone(), text);
        }
    });
}

#[test]
fn clean_fixture_has_no_findings() {
    for img in [None, image("ok.qcow2"), image("ok-v2.qcow2")] {
        let diags = lint(&format!("{APPS}/ok"), &LintOptions { image: img.clone(), app_folder: None });
        assert!(
            diags.is_empty(),
            "ok fixture with image {img:?}: {}",
            render_human(&diags, &HumanOptions { summary: false, ..Default::default() })
        );
    }
    let diags = lint(
        &format!("{APPS}/ok"),
        &LintOptions { app_folder: Some("example.hello.web".into()), image: None },
    );
    assert!(diags.is_empty(), "the right app folder is not a mismatch");
}

#[test]
fn every_folder_rule_has_a_fixture() {
    let names: Vec<String> = cases().into_iter().map(|c| c.name).collect();
    for rule in rules::ALL.iter().filter(|r| r.code.starts_with("ZST1")) {
        assert!(names.iter().any(|n| n.starts_with(rule.code)), "{} has no fixture", rule.code);
    }
}

#[test]
fn rule_codes_are_unique_and_documented() {
    let mut codes: Vec<&str> = rules::ALL.iter().map(|r| r.code).collect();
    codes.sort();
    let n = codes.len();
    codes.dedup();
    assert_eq!(n, codes.len(), "duplicate rule code");
    for r in rules::ALL {
        assert!(r.code.starts_with("ZST"), "{}", r.code);
        assert!(r.docs.contains("**Why:**") && r.docs.contains("**Fix:**"), "{} lacks Why/Fix docs", r.code);
    }
}

/// The real Grafana application (its src/ left out of the corpus): only the
/// missing src/ is an error, and its folder name disagreeing with appId is reported.
#[test]
fn corpus_grafana_application() {
    let dir = "../../fixtures/corpus/zstack/zstack_io_grafana/x86_64/11.2.0";
    let diags = lint(dir, &LintOptions::default());
    let codes: Vec<&str> = diags.iter().map(|d| d.code()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(sorted, ["ZST102", "ZST120"], "{codes:?}");
    insta::assert_snapshot!(render_human(&diags, &HumanOptions { summary: false, ..Default::default() }));
}
