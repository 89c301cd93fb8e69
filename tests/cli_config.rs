//! aps-pack.toml settings reach the commands that use them.

mod common;

use common::{copy_tree, root, show};
use std::path::Path;
use std::process::{Command, Output};

fn aps_pack(cwd: &Path, args: &[&str]) -> Output {
    common::command(cwd).args(args).env("SOURCE_DATE_EPOCH", "1700000000").output().expect("run aps-pack")
}

#[test]
fn zstack_defaults_come_from_the_config() {
    let root = root();
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("apps/example.hello.web/x86_64/1.0.0");
    copy_tree(&root.join("examples/zstack/example.hello.web/x86_64/1.0.0"), &app);
    std::fs::write(
        tmp.path().join("apps/aps-pack.toml"),
        "[zstack]\napp-id = \"example.hello.web\"\narch = [\"x86_64\"]\nversions = [\"1.0.0\"]\nrepo = \"../cdn\"\n",
    )
    .unwrap();
    let rel = "apps/example.hello.web/x86_64/1.0.0";
    let out = aps_pack(tmp.path(), &["zstack", "package", rel, "--out-dir", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let bin = tmp.path().join(
        "out/application_no_image_bins/example.hello.web/x86_64/1.0.0/example.hello.web__x86_64__1.0.0__no_images.bin",
    );
    assert!(bin.is_file(), "{}", show(&out));

    std::fs::create_dir(tmp.path().join("cdn")).unwrap();
    let out = aps_pack(tmp.path(), &["zstack", "publish", rel]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(tmp.path().join("cdn/example.hello.web/x86_64/1.0.0/application.tar.gz").is_file());
    assert!(tmp.path().join("cdn/index.json").is_file());

    // A version the config does not list is refused with the list.
    let other = tmp.path().join("apps/example.hello.web/x86_64/2.0.0");
    copy_tree(&app, &other);
    let out = aps_pack(tmp.path(), &["zstack", "package", "apps/example.hello.web/x86_64/2.0.0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(show(&out).contains("listed: 1.0.0"), "{}", show(&out));
}

#[test]
fn build_honours_exclude_globs_and_out_dir() {
    let root = root();
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("pkg");
    copy_tree(&root.join("examples/hello-cloud"), &pkg);
    std::fs::write(pkg.join("notes.bak"), "scratch").unwrap();
    std::fs::write(pkg.join("aps-pack.toml"), "[build]\nexclude = [\"*.bak\"]\nout-dir = \"../dist\"\n")
        .unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let archive = tmp.path().join("dist/Hello-Cloud-1.2-3.app.zip");
    assert!(archive.is_file(), "{}", show(&out));
    let list = Command::new("unzip").arg("-Z1").arg(&archive).output().unwrap();
    let names = String::from_utf8_lossy(&list.stdout);
    assert!(!names.contains("notes.bak") && !names.contains("aps-pack.toml"), "{names}");
    assert!(names.lines().next() == Some("APP-LIST.xml"), "{names}");
}

/// A package's aps-pack.toml inherits a repository-wide one only when it says so
/// (`extend`); each setting comes from the nearest file that sets it, `[rules]` merge rule
/// by rule, inherited paths stay relative to their own file, and `aps-pack config` names
/// the file of every setting.
#[test]
fn extend_inherits_and_config_shows_where_each_setting_comes_from() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_tree(&root().join("fixtures/lint/broken-package"), &repo.join("pkg"));
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(
        repo.join("aps-pack.toml"),
        "[rules]\nAPS114 = \"off\"\nJSN002 = \"off\"\n[lint]\ndeny-warnings = true\n[build]\nout-dir = \"dist\"\n",
    )
    .unwrap();
    // Without `extend`, the nearest file alone applies: the repository policy does not.
    std::fs::write(repo.join("pkg/aps-pack.toml"), "[rules]\nJSN002 = \"warn\"\n").unwrap();
    let out = aps_pack(&repo, &["lint", "pkg"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(common::stdout(&out).contains("APS114"), "{}", show(&out));

    std::fs::write(
        repo.join("pkg/aps-pack.toml"),
        "extend = \"../aps-pack.toml\"\n[rules]\nJSN002 = \"warn\"\n",
    )
    .unwrap();
    // APS114 off comes from the repository file; JSN002 is a warning (the package file wins),
    // and deny-warnings (inherited) makes that fail.
    let out = aps_pack(&repo, &["lint", "--format", "json", "pkg"]);
    let report = common::json(&out);
    let codes: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [("JSN002", "warning")], "{report:#}");
    assert_eq!(out.status.code(), Some(1), "deny-warnings is inherited: {}", show(&out));
    assert!(common::stderr(&out).contains("using aps-pack.toml: APS114 off"), "{}", show(&out));

    let out = aps_pack(&repo, &["config", "pkg"]);
    let text = common::stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    for line in [
        "APS114 = \"off\"   # from aps-pack.toml",
        "JSN002 = \"warning\"   # from pkg/aps-pack.toml",
        "deny-warnings = true   # from aps-pack.toml",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    // Nothing set, nothing shown: no empty table with an unknown origin.
    assert!(!text.contains("# from ?") && !text.contains("per-file-ignores = {}"), "{text}");
    let dist = std::fs::canonicalize(&repo).unwrap().join("dist");
    assert!(text.contains(&format!("out-dir = \"{}\"", dist.display())), "{text}");

    // A loop and a missing file are errors at the `extend` value.
    std::fs::write(repo.join("aps-pack.toml"), "extend = \"pkg/aps-pack.toml\"\n").unwrap();
    let out = aps_pack(&repo, &["config", "pkg"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(common::stderr(&out).contains("a loop"), "{}", show(&out));
    std::fs::write(repo.join("pkg/aps-pack.toml"), "extend = \"../nope.toml\"\n").unwrap();
    let out = aps_pack(&repo, &["lint", "pkg"]);
    assert!(show(&out).contains("CFG001") && show(&out).contains("does not exist"), "{}", show(&out));
}

/// The published JSON Schema of aps-pack.toml accepts exactly what the loader accepts.
#[test]
fn the_config_schema_is_as_strict_as_the_loader() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/aps-pack.toml.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let cases = [
        ("[lint]\ndeny-warnings = true\n", true),
        ("[rules]\nJSN002 = \"warn\"\n", true),
        ("[rules]\nJSN002 = \"warning\"\n", true),
        ("[rules]\nJSN002 = \"loud\"\n", false),
        ("[buld]\nexclude = []\n", false),
        ("[build]\nexlude = []\n", false),
        ("extend = \"base.toml\"\n", true),
        ("[zstack]\narch = [\"x86_64\"]\n", true),
        ("[sign]\npfx = 3\n", false),
    ];
    for (text, accepted) in cases {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("aps-pack.toml"), text).unwrap();
        std::fs::write(tmp.path().join("base.toml"), "").unwrap();
        let out = aps_pack(tmp.path(), &["config", "--format", "json"]);
        let loader_accepts = out.status.code() == Some(0) && common::stderr(&out).is_empty();
        let as_json: serde_json::Value = toml_edit::de::from_str(text).unwrap();
        let schema_accepts = validator.is_valid(&as_json);
        assert_eq!(loader_accepts, accepted, "loader on {text:?}: {}", show(&out));
        assert_eq!(schema_accepts, accepted, "schema on {text:?}");
    }
}
