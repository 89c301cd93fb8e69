//! The diff report: what it finds between fixture versions, and snapshots
//! of its human and JSON forms.

mod common;

use aps_upgrade::{Change, HumanReportOptions, MemberKind, Report};
use common::{clean_upgrade, pair, Pkg};

fn report(old: &Pkg, new: &Pkg) -> Report {
    let (_tmp, o, n) = pair(old, new);
    aps_upgrade::diff(&o, &n)
}

fn human(r: &Report) -> String {
    aps_upgrade::render_human(r, &HumanReportOptions::default())
}

#[test]
fn clean_upgrade_report() {
    let r = report(&Pkg::base(), &clean_upgrade());
    assert!(r.diagnostics.is_empty());
    let fields: Vec<&str> = r.metadata.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["version"]);
    assert!(r.services.iter().any(|s| s.id == "vaults" && s.change == Change::Changed));
    let vault = r.types.iter().find(|t| t.id.ends_with("/vault/1.1")).expect("vault type in the report");
    assert_eq!(vault.change, Change::Reversioned);
    assert_eq!(vault.same_major, Some(true));
    assert!(!vault.incompatible);
    assert!(vault
        .members
        .iter()
        .any(|m| m.kind == MemberKind::Property && m.name == "retention" && m.change == Change::Added));
    // The application type only refreshed its relation to vault/1.1: listed, but neutral.
    let app = r.types.iter().find(|t| t.id.ends_with("/app/1.0")).expect("app type in the report");
    assert!(app.neutral_only);
    assert_eq!(r.wizard.resource_types.len(), 1);
    assert_eq!(r.wizard.template_entries.len(), 1);
    let files: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        files,
        [
            "APP-META.xml",
            "schemas/app.schema",
            "schemas/vault.schema",
            "scripts/wizard_data.json",
            "ui/vaults.js"
        ]
    );
    insta::assert_snapshot!("clean_upgrade_human", human(&r));
    insta::assert_snapshot!("clean_upgrade_json", aps_upgrade::render_json(&r));
}

#[test]
fn unsafe_upgrade_report() {
    let new = clean_upgrade()
        .edit("schemas/vault.schema", r#""quota": { "type": "integer", "title": "Quota" },"#, "")
        .edit("APP-META.xml", "version=ge=1.0, release=ge=0", "version=ge=1.1")
        .edit(
            "scripts/wizard_data.json",
            r#""resClass": "rc.saas.service", "required": false"#,
            r#""resClass": "rc.saas.service.link", "required": false"#,
        )
        .without("ui/vaults.js")
        .with("ui/vaults-v2.js", "define([], function () { return {}; });\n");
    let r = report(&Pkg::base(), &new);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["UPG003", "UPG005", "UPG008"]);
    assert_eq!((r.summary.findings.errors, r.summary.findings.warnings), (2, 1));
    insta::assert_snapshot!("unsafe_upgrade_human", human(&r));
}

#[test]
fn identical_packages_have_no_differences() {
    let r = report(&Pkg::base(), &Pkg::base());
    assert!(r.metadata.is_empty() && r.types.is_empty() && r.files.is_empty());
    // Not an upgrade, though: the version is the same.
    assert_eq!(r.diagnostics.iter().map(|d| d.code()).collect::<Vec<_>>(), ["UPG002"]);
    assert!(human(&r).contains("no differences"));
}

#[test]
fn the_json_report_is_deterministic() {
    let a = aps_upgrade::render_json(&report(&Pkg::base(), &clean_upgrade()));
    let b = aps_upgrade::render_json(&report(&Pkg::base(), &clean_upgrade()));
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).expect("the JSON report parses");
    assert_eq!(v["version"], 1);
    assert_eq!(v["findings"]["version"], 1);
    assert!(v["findings"]["diagnostics"].as_array().is_some_and(|d| d.is_empty()));
}

#[test]
fn generated_packages_diff_as_designed() {
    use aps_upgrade::generate::{synthetic_package, Synthetic};
    let load = |g| {
        let src = synthetic_package(&Synthetic { types: 60, properties: 6, generation: g });
        let (p, d) = aps_model::load_package(std::sync::Arc::new(src));
        assert!(d.iter().all(|d| d.severity != aps_diag::Severity::Error), "{d:#?}");
        p.expect("generated package loads")
    };
    let (old, new) = (load(1), load(2));
    let r = aps_upgrade::diff(&old, &new);
    // t3, t13, …, t53 get a new minor version; t3, t28 and t53 lose a property (t28 in place);
    // t7 and t47 change a property's type in place; the last service is dropped; the wizard
    // resource types of t5 and t55 change class.
    let reversioned = r.types.iter().filter(|t| t.change == Change::Reversioned).count();
    assert_eq!(reversioned, 6);
    let count = |code: &str| r.diagnostics.iter().filter(|d| d.code() == code).count();
    assert_eq!(count("UPG004"), 3);
    assert_eq!(count("UPG005"), 2);
    assert_eq!(count("UPG006"), 1);
    assert_eq!(count("UPG008"), 2);
}
