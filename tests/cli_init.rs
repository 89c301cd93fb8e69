//! `aps-pack init` gives a package that lints clean, resolves and builds.

mod common;

use common::show;
use std::path::Path;
use std::process::Output;

/// With a fixed build time: `init` then `build` must work without one in the environment.
fn aps_pack(dir: &Path, args: &[&str]) -> Output {
    common::command(dir).args(args).env("SOURCE_DATE_EPOCH", "1700000000").output().expect("run aps-pack")
}

#[test]
fn init_then_lint_resolve_build() {
    let tmp = tempfile::tempdir().unwrap();
    let out =
        aps_pack(tmp.path(), &["init", "my-app", "--name", "My App", "--id", "http://example.com/my-app"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let pkg = tmp.path().join("my-app");
    for f in [
        "APP-META.xml",
        "schemas/app.schema",
        "scripts/wizard_data.json",
        "aps-pack.toml",
        ".pre-commit-config.yaml",
    ] {
        assert!(pkg.join(f).is_file(), "{f} missing");
    }

    let out = aps_pack(tmp.path(), &["lint", "--deny-warnings", "my-app"]);
    assert_eq!(out.status.code(), Some(0), "lint: {}", show(&out));

    let out = aps_pack(tmp.path(), &["resolve", "my-app/scripts/wizard_data.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "resolve: {}", show(&out));
    let graph: serde_json::Value = serde_json::from_slice(&out.stdout).expect("resolve --format json");
    assert!(graph.is_object());

    let out = aps_pack(tmp.path(), &["build", "my-app", "--out-dir", "dist"]);
    assert_eq!(out.status.code(), Some(0), "build: {}", show(&out));
    let built: Vec<_> =
        std::fs::read_dir(tmp.path().join("dist")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(built.len(), 1, "{built:?}");
    let name = built[0].to_string_lossy().into_owned();
    assert!(name.ends_with("-1.0-0.app.zip"), "{name}");

    let out = aps_pack(tmp.path(), &["verify", &format!("dist/{name}")]);
    assert_eq!(out.status.code(), Some(0), "verify: {}", show(&out));
}

#[test]
fn init_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(aps_pack(tmp.path(), &["init", "a"]).status.code(), Some(0));
    let out = aps_pack(tmp.path(), &["init", "a"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(show(&out).contains("--force"), "{}", show(&out));
    assert_eq!(aps_pack(tmp.path(), &["init", "a", "--force"]).status.code(), Some(0));
}

#[test]
fn init_rejects_a_bad_id() {
    let tmp = tempfile::tempdir().unwrap();
    let out = aps_pack(tmp.path(), &["init", "a", "--id", "example.com/a"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(show(&out).contains("absolute http:// or https:// URI"), "{}", show(&out));
    assert!(!tmp.path().join("a/APP-META.xml").exists());
}

/// In a repository with an aps-pack.toml above the new package, the package's own file
/// extends it, so the repository's policy keeps applying.
#[test]
fn init_inside_a_configured_repository_extends_its_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    std::fs::write(tmp.path().join("aps-pack.toml"), "[lint]\ndeny-warnings = true\n").unwrap();
    let out = common::aps_pack(tmp.path(), &["init", "apps/my-app"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::show(&out));
    let config = std::fs::read_to_string(tmp.path().join("apps/my-app/aps-pack.toml")).unwrap();
    assert!(config.contains("extend = \"../../aps-pack.toml\""), "{config}");
    let out = common::aps_pack(tmp.path(), &["config", "apps/my-app"]);
    assert!(
        common::stdout(&out).contains("deny-warnings = true   # from aps-pack.toml"),
        "{}",
        common::show(&out)
    );
    let out = common::aps_pack(tmp.path(), &["lint", "apps/my-app"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::show(&out));
}
