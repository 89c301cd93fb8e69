//! `aps-pack diff OLD NEW` end to end: the real binary on package versions
//! the tests write (folders and `.app.zip` archives made by `zip`).

mod common;
/// The package fixtures of aps-upgrade's own tests.
#[path = "../crates/aps-upgrade/tests/common/mod.rs"]
mod fixtures;

use common::{aps_pack, stderr, stdout};
use fixtures::{clean_upgrade, Pkg};
use std::process::Command;

fn unsafe_upgrade() -> Pkg {
    clean_upgrade()
        .edit("schemas/vault.schema", r#""quota": { "type": "integer", "title": "Quota" },"#, "")
        .edit("APP-META.xml", "version=ge=1.0, release=ge=0", "version=ge=1.1")
}

fn setup(old: &Pkg, new: &Pkg) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temporary folder");
    old.write(&tmp.path().join("old"));
    new.write(&tmp.path().join("new"));
    tmp
}

#[test]
fn clean_upgrade_exits_0_with_a_grouped_report() {
    let tmp = setup(&Pkg::base(), &clean_upgrade());
    let o = aps_pack(tmp.path(), &["diff", "old", "new"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.starts_with("diff old (1.0-1) → new (1.1-1)"), "{out}");
    assert!(out.contains("Service `vaults`"), "{out}");
    assert!(out.contains("> type http://example.com/backup/vault/1.0 → http://example.com/backup/vault/1.1 (new minor version)"), "{out}");
    assert!(out.contains("+ property `retention`"), "{out}");
    assert!(out.contains("no problems found"), "{out}");
}

#[test]
fn unsafe_upgrade_exits_1_and_reports_in_json() {
    let tmp = setup(&Pkg::base(), &unsafe_upgrade());
    let o = aps_pack(tmp.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON report");
    assert_eq!(v["version"], 1);
    let codes: Vec<&str> = v["findings"]["diagnostics"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["UPG003", "UPG005"]);
    let d = &v["findings"]["diagnostics"][1];
    assert_eq!(d["file"], "new/schemas/vault.schema");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(6), Some(3)));
    assert_eq!(d["related"][0]["file"], "old/schemas/vault.schema");
    // Same inputs, same bytes.
    let again = aps_pack(tmp.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn severity_overrides_and_deny_warnings_decide_the_exit_code() {
    let tmp = setup(&Pkg::base(), &unsafe_upgrade());
    let o = aps_pack(
        tmp.path(),
        &["diff", "old", "new", "--severity", "UPG003=off", "--severity", "UPG005=warning"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("found 0 errors, 1 warning"), "{}", stdout(&o));
    let o = aps_pack(
        tmp.path(),
        &[
            "diff",
            "old",
            "new",
            "--severity",
            "UPG003=off",
            "--severity",
            "UPG005=warning",
            "--deny-warnings",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let o = aps_pack(tmp.path(), &["diff", "old", "new", "--severity", "UPG999=off"]);
    assert_eq!(o.status.code(), Some(2), "an unknown rule is a usage error");
}

#[test]
fn sarif_and_github_formats_carry_the_findings() {
    let tmp = setup(&Pkg::base(), &unsafe_upgrade());
    let o = aps_pack(tmp.path(), &["diff", "old", "new", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    assert_eq!(v["runs"][0]["results"].as_array().map(Vec::len), Some(2));
    let o = aps_pack(tmp.path(), &["diff", "old", "new", "--format", "github"]);
    assert!(stdout(&o).contains("file=new/schemas/vault.schema,line=6"), "{}", stdout(&o));
}

#[test]
fn archives_are_compared_like_folders() {
    let tmp = setup(&Pkg::base(), &unsafe_upgrade());
    // An independent zip tool builds the archive.
    let z = Command::new("zip")
        .args(["-q", "-r", "-X", "../old.app.zip", "."])
        .current_dir(tmp.path().join("old"))
        .status();
    if !z.is_ok_and(|s| s.success()) {
        eprintln!("`zip` is not available; skipping the archive side");
        return;
    }
    let o = aps_pack(tmp.path(), &["diff", "old.app.zip", "new", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON report");
    assert_eq!(v["old"]["path"], "old.app.zip");
    let diags = v["findings"]["diagnostics"].as_array().expect("findings");
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[1]["related"][0]["file"], "old.app.zip/schemas/vault.schema");
    // Only the files that differ are listed, by content.
    let files: Vec<&str> =
        v["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
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
}

#[test]
fn unreadable_sides_are_usage_errors() {
    let tmp = setup(&Pkg::base(), &clean_upgrade());
    let o = aps_pack(tmp.path(), &["diff", "old", "missing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing: no such file or folder"), "{}", stderr(&o));
    std::fs::write(tmp.path().join("fake.app.zip"), b"PK\x03\x04 but nothing else").expect("write");
    let o = aps_pack(tmp.path(), &["diff", "old", "fake.app.zip"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("fake.app.zip: not a zip archive"), "{}", stderr(&o));
    std::fs::write(tmp.path().join("notes.txt"), b"hello").expect("write");
    let o = aps_pack(tmp.path(), &["diff", "old", "notes.txt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_broken_app_meta_is_reported_with_its_location() {
    let tmp = setup(&Pkg::base(), &clean_upgrade().edit("APP-META.xml", "</application>", "</applicaton>"));
    let o = aps_pack(tmp.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("diagnostics JSON");
    let d = &v["diagnostics"][0];
    assert_eq!(d["file"], "new/APP-META.xml");
    assert!(d["line"].as_u64().is_some_and(|l| l > 1));
}

#[test]
fn the_new_versions_aps_pack_toml_applies() {
    // The wizard data lives elsewhere and UPG005 is lowered in the project's configuration.
    let moved = |p: Pkg| {
        let wizard = fixtures::WIZARD.to_string();
        p.without("scripts/wizard_data.json").with("config/wizard.json", &wizard)
    };
    let new = moved(unsafe_upgrade())
        .edit("APP-META.xml", "version=ge=1.1", "version=ge=1.0")
        .edit(
            "config/wizard.json",
            r#""resClass": "rc.saas.service","#,
            r#""resClass": "rc.saas.service.link","#,
        )
        .with("aps-pack.toml", "[package]\nwizard = \"config/wizard.json\"\n\n[rules]\nUPG005 = \"info\"\n");
    let tmp = setup(&moved(Pkg::base()), &new);
    let o = aps_pack(tmp.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON report");
    let found: Vec<(&str, &str)> = v["findings"]["diagnostics"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|d| Some((d["code"].as_str()?, d["severity"].as_str()?)))
        .collect();
    assert_eq!(found, [("UPG008", "warning"), ("UPG005", "info")]);
    let o = aps_pack(tmp.path(), &["diff", "old", "new", "--deny-warnings"]);
    assert_eq!(o.status.code(), Some(1));
}
