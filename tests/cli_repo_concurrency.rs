//! Concurrent `aps-pack zstack publish` runs into one repository folder: they
//! take turns on the folder's lock, so none loses another's version. Concurrent
//! `zstack package` runs into one output folder: each reports the bytes it wrote.

mod common;

use common::{code, copy_tree, json, root, show};
use std::process::{Command, Stdio};

const OK_APP: &str = "crates/aps-zstack/tests/fixtures/apps/ok";

#[test]
fn two_concurrent_publishers_into_a_folder_lose_no_version() {
    let tmp = tempfile::tempdir().expect("tmp");
    let app = root().join(OK_APP);
    let app = app.to_str().expect("utf-8 path");
    for round in 0..20 {
        let repo = tmp.path().join(format!("r{round}"));
        std::fs::create_dir(&repo).expect("mkdir");
        let repo_s = repo.to_str().expect("utf-8 path").to_string();
        let children: Vec<_> = ["1.0", "2.0"]
            .iter()
            .map(|v| {
                Command::new(env!("CARGO_BIN_EXE_aps-pack"))
                    .args([
                        "zstack",
                        "publish",
                        app,
                        "--arch",
                        "x86_64",
                        "--app-version",
                        v,
                        "--repo",
                        &repo_s,
                    ])
                    .env("NO_COLOR", "1")
                    .env("SOURCE_DATE_EPOCH", "1731488904")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn aps-pack")
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().expect("wait");
            assert_eq!(code(&o), 0, "round {round}: {}", show(&o));
        }
        let index = std::fs::read_to_string(repo.join("index.json")).expect("index.json");
        assert!(index.contains("\"1.0\"") && index.contains("\"2.0\""), "round {round}: {index}");
        let manifest = std::fs::read_to_string(repo.join("manifest.json")).expect("manifest.json");
        assert!(
            manifest.contains("x86_64/1.0/application.tar.gz")
                && manifest.contains("x86_64/2.0/application.tar.gz"),
            "round {round}: {manifest}"
        );
        let o = Command::new(env!("CARGO_BIN_EXE_aps-pack"))
            .args(["zstack", "verify-repo", &repo_s])
            .env("NO_COLOR", "1")
            .output()
            .expect("run");
        assert_eq!(code(&o), 0, "round {round}: {}", show(&o));
    }
}

/// Two `zstack package` runs of two folders of the same application version, into one
/// `--out-dir`: each succeeds, and the sizes and SHA-256 its `--format json` reports are
/// those of the files it wrote (as a run of it alone writes them: the artefacts are
/// reproducible), never those of the other run's files that replaced them since.
#[test]
fn two_concurrent_packagers_into_one_folder_each_report_their_own_bytes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let example = root().join("examples/zstack/example.hello.web/x86_64/1.0.0");
    let apps: Vec<_> = ["a", "b"]
        .iter()
        .map(|name| {
            let dir = tmp.path().join(name).join("example.hello.web/x86_64/1.0.0");
            copy_tree(&example, &dir);
            dir
        })
        .collect();
    // The same size, other bytes.
    let main_tf = apps[1].join("src/main.tf");
    let text = std::fs::read_to_string(&main_tf).expect("main.tf");
    std::fs::write(&main_tf, text.replacen("\"vm\" {", "\"vn\" {", 1)).expect("write");
    let package = |app: &std::path::Path, out: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_aps-pack"))
            .args(["zstack", "package", "--format", "json"])
            .arg(app)
            .arg("--out-dir")
            .arg(out)
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn aps-pack")
    };
    let figures = |o: &std::process::Output| -> Vec<(u64, String)> {
        assert_eq!(code(o), 0, "{}", show(o));
        let report = json(o);
        let artifacts = report["result"]["artifacts"].as_array().expect("artifacts").clone();
        artifacts
            .iter()
            .map(|a| (a["size"].as_u64().expect("size"), a["sha256"].as_str().expect("sha256").to_string()))
            .collect()
    };
    let alone: Vec<_> = apps
        .iter()
        .enumerate()
        .map(|(i, app)| {
            figures(&package(app, &tmp.path().join(format!("alone{i}"))).wait_with_output().expect("wait"))
        })
        .collect();
    assert_ne!(alone[0], alone[1]);
    let shared = tmp.path().join("shared");
    for round in 0..12 {
        let children: Vec<_> = apps.iter().map(|app| package(app, &shared)).collect();
        for (i, child) in children.into_iter().enumerate() {
            let o = child.wait_with_output().expect("wait");
            assert_eq!(figures(&o), alone[i], "round {round}, run {i}: {}", show(&o));
        }
    }
    let temporaries: Vec<_> =
        walk(&shared).into_iter().filter(|p| p.to_string_lossy().contains(".aps-pack-tmp-")).collect();
    assert!(temporaries.is_empty(), "{temporaries:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(walk(&path));
        }
        found.push(path);
    }
    found
}
