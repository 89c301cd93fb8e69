//! `lint` of a repository folder that holds several packages: every APS package and ZStack
//! application version below it is checked, as git sees the tree, with a line per package.

mod common;

use common::{aps_pack, copy_tree, root, show, stderr};

/// Two APS packages (one broken), a ZStack application version, and a build output that
/// `.gitignore` leaves out.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("repo");
    copy_tree(&root().join("examples/hello-cloud"), &repo.join("apps/hello"));
    copy_tree(&root().join("fixtures/lint/broken-package"), &repo.join("apps/broken"));
    copy_tree(&root().join("examples/zstack/example.hello.web"), &repo.join("market/example.hello.web"));
    copy_tree(&root().join("fixtures/lint/broken-package"), &repo.join("dist/unpacked"));
    std::fs::write(repo.join(".gitignore"), "/dist/\n").expect("write");
    tmp
}

#[test]
fn every_package_below_is_checked_with_a_line_each_and_ignored_folders_are_not() {
    let tmp = repository();
    let out = aps_pack(&tmp.path().join("repo"), &["lint", "."]);
    assert_eq!(out.status.code(), Some(1), "the broken package fails the run: {}", show(&out));
    let err = stderr(&out);
    assert!(err.contains(".: 2 APS packages and 1 ZStack application version below it"), "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(
        lines,
        [
            "  apps/broken: 2 errors, 0 warnings, 0 infos",
            "  apps/hello: no problems",
            "  market/example.hello.web/x86_64/1.0.0: no problems",
        ],
        "{}",
        show(&out)
    );
    assert!(!show(&out).contains("dist/"), "a git-ignored folder is not one of the packages: {}", show(&out));
}

#[test]
fn machine_readable_output_has_the_findings_of_every_package() {
    let tmp = repository();
    let out = aps_pack(&tmp.path().join("repo"), &["lint", "--format", "json", "--quiet", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let json = common::json(&out);
    let files: std::collections::BTreeSet<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["file"].as_str().map(str::to_string))
        .collect();
    assert!(files.iter().all(|f| f.starts_with("apps/broken/")), "{files:?}");
    assert!(!files.is_empty());
    assert!(stderr(&out).is_empty(), "--quiet leaves no summary lines: {}", stderr(&out));
}

#[test]
fn a_folder_with_nothing_to_check_below_is_still_an_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(tmp.path().join("empty/docs")).expect("mkdir");
    let out = aps_pack(tmp.path(), &["lint", "empty"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("and none below it"), "{}", show(&out));
}

#[test]
fn build_of_the_folder_builds_each_package_and_says_which_were_not_built() {
    let tmp = repository();
    let repo = tmp.path().join("repo");
    let out = common::command(&repo)
        .args(["build", ".", "--out-dir", "out"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("build");
    assert_eq!(out.status.code(), Some(1), "the broken package fails the run: {}", show(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("  ") && l.contains(": ")).collect();
    assert!(lines.contains(&"  apps/broken: not built: findings above"), "{err}");
    assert!(lines.contains(&"  apps/hello: built"), "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  market/example.hello.web/x86_64/1.0.0: a ZStack application version")),
        "{err}"
    );
    assert!(repo.join("out/Hello-Cloud-1.2-3.app.zip").is_file(), "{err}");
    let built: Vec<_> = std::fs::read_dir(repo.join("out")).expect("out").collect();
    assert_eq!(built.len(), 1, "only the good package is built, the ignored copy is not: {err}");
}

#[test]
fn one_output_file_for_several_packages_is_refused() {
    let tmp = repository();
    let out = aps_pack(&tmp.path().join("repo"), &["build", ".", "-o", "x.app.zip"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(stderr(&out).contains("--output names one archive, and . holds 2 packages"), "{}", show(&out));
}

#[test]
fn build_of_the_folder_reports_each_package_in_one_json_document() {
    let tmp = repository();
    let repo = tmp.path().join("repo");
    let out = common::command(&repo)
        .args(["build", ".", "--out-dir", "out", "--format", "json", "--format", "sarif=build.sarif"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("build");
    assert_eq!(out.status.code(), Some(1), "the broken package fails the run: {}", show(&out));
    let json = common::json(&out);
    let packages = json["result"]["packages"].as_array().expect("packages");
    let status: Vec<(&str, &str)> =
        packages.iter().map(|p| (p["path"].as_str().unwrap(), p["status"].as_str().unwrap())).collect();
    assert_eq!(status, [("apps/broken", "stopped"), ("apps/hello", "built")], "{json:#}");
    assert!(packages[0]["result"].is_null(), "{json:#}");
    // The built package's result is what a build of it alone reports, and matches the file.
    let artefact = &packages[1]["result"]["artifacts"][0];
    let path = repo.join(artefact["path"].as_str().expect("path"));
    let bytes = std::fs::read(&path).expect("the archive named");
    assert_eq!(artefact["size"], serde_json::json!(bytes.len()));
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(artefact["sha256"], serde_json::json!(digest));
    assert_eq!(packages[1]["result"]["package"]["version"], "1.2");
    // The findings of every package, in the JSON and in the SARIF written beside it.
    let files: std::collections::BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(!files.is_empty() && files.iter().all(|f| f.starts_with("apps/broken/")), "{files:?}");
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.join("build.sarif")).expect("sarif"))
            .expect("SARIF is JSON");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        json["diagnostics"].as_array().map(Vec::len)
    );
}

#[test]
fn two_packages_that_would_write_one_archive_do_not_overwrite_each_other() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("repo");
    copy_tree(&root().join("examples/hello-cloud"), &repo.join("a"));
    copy_tree(&root().join("examples/hello-cloud"), &repo.join("b"));
    let js = repo.join("b/ui/overview.js");
    let mut text = std::fs::read_to_string(&js).expect("read");
    text.push_str("// b\n");
    std::fs::write(&js, text).expect("write");
    let out = common::command(&repo)
        .args(["build", ".", "--out-dir", "./out", "--format", "json"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("build");
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        stderr(&out).contains("b would write ./out/Hello-Cloud-1.2-3.app.zip, which a wrote in this run"),
        "{}",
        show(&out)
    );
    // The archive on disk is a's, as its result says.
    let json = common::json(&out);
    let packages = json["result"]["packages"].as_array().expect("packages");
    assert_eq!(packages[1]["status"], "failed", "{json:#}");
    let artefact = &packages[0]["result"]["artifacts"][0];
    let bytes = std::fs::read(repo.join(artefact["path"].as_str().expect("path"))).expect("archive");
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(artefact["sha256"], serde_json::json!(digest));
}
