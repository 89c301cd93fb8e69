//! Concurrent `aps-pack zstack publish` runs into one repository folder: they
//! take turns on the folder's lock, so none loses another's version.

mod common;

use common::{code, root, show};
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
