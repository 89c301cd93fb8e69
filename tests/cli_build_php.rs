//! `aps-pack build` of a package typed in PHP archives the generated schemas,
//! as the official `aps build` does.

mod common;

use common::command;
use std::process::Command;

#[test]
fn build_adds_generated_schemas_and_points_app_meta_at_them() {
    let root = common::root();
    let tmp = tempfile::tempdir().unwrap();
    let out = command(root)
        .args(["build", "--out-dir"])
        .arg(tmp.path())
        .arg(root.join("fixtures/php-packages/aps_dummy"))
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let archive = tmp.path().join("Dummy-APS-1.0-5.app.zip");
    let list = Command::new("unzip").arg("-Z1").arg(&archive).output().unwrap();
    let names = String::from_utf8_lossy(&list.stdout);
    for gen in ["schemas/apps.schema.gen", "schemas/tenants.schema.gen", "schemas/dummies.schema.gen"] {
        assert!(names.lines().any(|l| l == gen), "{gen} missing from {names}");
    }
    let meta = Command::new("unzip").arg("-p").arg(&archive).arg("APP-META.xml").output().unwrap();
    let meta = String::from_utf8_lossy(&meta.stdout);
    assert!(meta.contains("<schema path=\"schemas/tenants.schema.gen\"/>\n<code engine=\"php\" path=\"scripts/tenants.php\"/>"), "{meta}");
    let gen =
        Command::new("unzip").arg("-p").arg(&archive).arg("schemas/tenants.schema.gen").output().unwrap();
    let gen = String::from_utf8_lossy(&gen.stdout);
    assert!(gen.starts_with("//"), "{gen}");
    let verify = command(root).arg("verify").arg(&archive).output().unwrap();
    assert_eq!(verify.status.code(), Some(0), "{}", String::from_utf8_lossy(&verify.stdout));
    // The archived package is typed now: no "types defined in PHP" info when linting it.
    let lint = command(root).args(["lint", "--format", "json"]).arg(&archive).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert!(!report["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "APS115"), "{report:#}");
}

/// Regression: the schemas were generated for the archive with their findings thrown
/// away, so a build never said that the PHP it typed the services from had a problem.
#[test]
fn build_reports_the_findings_of_the_php_it_generates_from() {
    let root = common::root();
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("pkg");
    common::copy_tree(&root.join("fixtures/php-packages/aps_dummy"), &pkg);
    let script = pkg.join("scripts/tenants.php");
    let text = std::fs::read_to_string(&script).unwrap();
    std::fs::write(&script, text.replacen("@required", "@requird", 1)).unwrap();
    let out = command(root)
        .args(["build", "--format", "json", "--out-dir"])
        .arg(tmp.path().join("out"))
        .arg(&pkg)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<_> =
        report["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "PHP001").collect();
    assert_eq!(found.len(), 1, "{report:#}");
    assert!(found[0]["file"].as_str().unwrap().ends_with("scripts/tenants.php"), "{report:#}");
    assert_eq!(found[0]["line"], 14, "{report:#}");
}
