//! `aps-pack lint` on APS package-model inputs, end to end: the real binary
//! on the model's fixtures and on trees the tests build.

mod common;

use common::{aps_pack, json, root};
use std::process::Output;

/// (code, file, line, column) of every finding.
fn findings(o: &Output) -> Vec<(String, String, u64, u64)> {
    json(o)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn clean_model_fixture_has_no_findings_even_with_deny_warnings() {
    let out = aps_pack(root(), &["lint", "--deny-warnings", "crates/aps-model/tests/fixtures/clean"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn missing_files_are_warnings_that_can_be_made_errors() {
    let pkg = "fixtures/corpus/aps/aps2-boilerplate";
    let out = aps_pack(root(), &["lint", "--format", "json", pkg]);
    assert_eq!(out.status.code(), Some(0));
    assert!(findings(&out)
        .iter()
        .any(|f| f.0 == "APS110" && f.1 == format!("{pkg}/APP-META.xml") && f.2 == 24));
    let out = aps_pack(root(), &["lint", "--severity", "APS110=error", pkg]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn standalone_app_meta_with_doctype_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("APP-META.xml"),
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]>\n<application xmlns=\"http://aps-standard.org/ns/2\">&x;</application>\n",
    )
    .unwrap();
    let out = aps_pack(dir.path(), &["lint", "--format", "json", "APP-META.xml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(findings(&out), [("XML002".to_string(), "APP-META.xml".to_string(), 2, 1)]);
}

#[test]
fn standalone_schema_file_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("thing.schema"),
        "// generated\n// by hand\n{\n  \"id\": \"http://example.com/app/thing/1.0\",\n  \"name\": \"thing\",\n  \"properties\": {\n    \"user-name\": { \"type\": \"string\", \"requried\": true }\n  }\n}\n",
    )
    .unwrap();
    let out = aps_pack(dir.path(), &["lint", "--format", "json", "thing.schema"]);
    assert_eq!(out.status.code(), Some(1));
    let f = findings(&out);
    assert!(f.contains(&("TYP206".to_string(), "thing.schema".to_string(), 7, 5)), "{f:?}");
    assert!(f.contains(&("TYP209".to_string(), "thing.schema".to_string(), 7, 38)), "{f:?}");
}

#[test]
fn oversized_app_meta_is_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("big");
    std::fs::create_dir(&pkg).unwrap();
    std::fs::File::create(pkg.join("APP-META.xml")).unwrap().set_len(100 * 1024 * 1024).unwrap();
    let start = std::time::Instant::now();
    let out = aps_pack(dir.path(), &["lint", "--format", "json", "big"]);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(findings(&out)[0].0, "SRC002");
}

#[test]
fn platform_types_in_navigation_are_info_only() {
    let pkg = "fixtures/corpus/aps/cloudblue-connect-extension";
    let out = aps_pack(root(), &["lint", "--format", "json", pkg]);
    assert_eq!(out.status.code(), Some(0));
    let f = findings(&out);
    let external: Vec<_> = f.iter().filter(|f| f.0 == "TYP211").collect();
    // One note per distinct foreign type id, however often it is referenced.
    assert_eq!(external.len(), 3, "{f:?}");
    let report = json(&out);
    for d in report["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "TYP211") {
        assert_eq!(d["severity"], "info");
    }
}
