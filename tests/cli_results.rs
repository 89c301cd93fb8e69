//! What `build`, `sign` and `zstack package`/`publish` print with `--format json` (the
//! `result` a next CI step reads), and the shell integration commands.

mod common;

use common::*;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

/// Size and SHA-256 of a file, computed here, independently of aps-pack.
fn digest(path: &Path) -> (u64, String) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    (bytes.len() as u64, hex)
}

/// Each artefact's path, size and SHA-256 as the file on disk has them.
fn check_artifacts(cwd: &Path, result: &serde_json::Value) {
    let artifacts = result["artifacts"].as_array().unwrap_or_else(|| panic!("{result:#}"));
    assert!(!artifacts.is_empty(), "{result:#}");
    for a in artifacts {
        let path = cwd.join(a["path"].as_str().unwrap());
        let (size, sha256) = digest(&path);
        assert_eq!(a["size"].as_u64(), Some(size), "{a:#}");
        assert_eq!(a["sha256"].as_str(), Some(sha256.as_str()), "{a:#}");
    }
}

fn openssl(dir: &Path, args: &[&str]) {
    let out =
        Command::new("openssl").args(args).current_dir(dir).output().expect("openssl must be installed");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn build_and_sign_say_what_they_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/hello-cloud"), &tmp.path().join("pkg"));
    let out = aps_pack(tmp.path(), &["build", "pkg", "--out-dir", "dist", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let report = json(&out);
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    let result = &report["result"];
    assert_eq!(result["command"], "build");
    assert_eq!(result["artifacts"][0]["path"], "dist/Hello-Cloud-1.2-3.app.zip", "{result:#}");
    assert_eq!(result["artifacts"][0]["kind"], "app.zip");
    check_artifacts(tmp.path(), result);
    assert_eq!(result["package"]["name"], "Hello Cloud");
    assert_eq!(result["package"]["version"], "1.2");
    assert_eq!(result["package"]["release"], "3");
    assert_eq!(result["signers"], serde_json::json!([]));

    openssl(
        tmp.path(),
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "k.pem",
            "-out",
            "c.pem",
            "-subj",
            "/CN=Release",
            "-days",
            "30",
        ],
    );
    let out = aps_pack(
        tmp.path(),
        &[
            "sign",
            "dist/Hello-Cloud-1.2-3.app.zip",
            "-o",
            "signed.app.zip",
            "--sign-key",
            "k.pem",
            "--sign-cert",
            "c.pem",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let result = &json(&out)["result"];
    assert_eq!(result["artifacts"][0]["path"], "signed.app.zip", "{result:#}");
    check_artifacts(tmp.path(), result);
    assert_eq!(result["signatures"], 1);
    let signer = &result["signers"][0];
    assert!(signer["subject"].as_str().unwrap().contains("Release"), "{signer:#}");
    // The fingerprint is the certificate's, as openssl computes it.
    let fp = Command::new("openssl")
        .args(["x509", "-in", "c.pem", "-noout", "-fingerprint", "-sha256"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let fp = String::from_utf8_lossy(&fp.stdout)
        .trim()
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_lowercase();
    assert_eq!(signer["sha256_fingerprint"].as_str(), Some(fp.as_str()), "{signer:#}");

    // Built and signed in one go, the result names the signer.
    let out = aps_pack(
        tmp.path(),
        &[
            "build",
            "pkg",
            "-o",
            "b.app.zip",
            "--sign-key",
            "k.pem",
            "--sign-cert",
            "c.pem",
            "--format",
            "json=build.json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("build.json")).unwrap()).unwrap();
    check_artifacts(tmp.path(), &report["result"]);
    assert_eq!(report["result"]["signers"][0]["sha256_fingerprint"].as_str(), Some(fp.as_str()));
}

#[test]
fn zstack_package_and_publish_say_what_they_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("app");
    copy_tree(&root().join("examples/zstack/example.hello.web/x86_64/1.0.0"), &app);
    let out = common::command(tmp.path())
        .args([
            "zstack",
            "package",
            "app",
            "--arch",
            "x86_64",
            "--app-version",
            "1.0.0",
            "--out-dir",
            "out",
            "--format",
            "json",
        ])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", show(&out));
    let result = &json(&out)["result"];
    assert_eq!(result["command"], "zstack package");
    assert_eq!(
        result["application"],
        serde_json::json!({ "app_id": "example.hello.web", "arch": "x86_64", "version": "1.0.0" })
    );
    assert_eq!(result["artifacts"].as_array().unwrap().len(), 2, "{result:#}");
    check_artifacts(tmp.path(), result);
    let bin = result["artifacts"][1]["path"].as_str().unwrap().to_string();

    std::fs::create_dir(tmp.path().join("cdn")).unwrap();
    let out = aps_pack(tmp.path(), &["zstack", "publish", &bin, "--repo", "cdn", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let result = &json(&out)["result"];
    assert_eq!(result["versions"][0]["outcome"], "added", "{result:#}");
    let objects: Vec<&str> =
        result["objects"].as_array().unwrap().iter().map(|o| o.as_str().unwrap()).collect();
    assert_eq!(objects, ["example.hello.web/x86_64/1.0.0/application.tar.gz", "manifest.json", "index.json"]);
    for o in objects {
        assert!(tmp.path().join("cdn").join(o).is_file(), "{o}");
    }
    // Each file of the version as it is in the repository: the same size and SHA-256.
    let files = result["versions"][0]["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{result:#}");
    let (size, sha256) = digest(&tmp.path().join("cdn").join(files[0]["path"].as_str().unwrap()));
    assert_eq!(files[0]["size"].as_u64(), Some(size), "{result:#}");
    assert_eq!(files[0]["sha256"].as_str(), Some(sha256.as_str()), "{result:#}");
    let out = aps_pack(tmp.path(), &["zstack", "publish", &bin, "--repo", "cdn", "--format", "json"]);
    let result = &json(&out)["result"];
    assert_eq!(result["versions"][0]["outcome"], "unchanged", "{result:#}");
    assert_eq!(result["objects"], serde_json::json!([]));
}

#[test]
fn completions_load_in_bash() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = aps_pack(tmp.path(), &["completions", shell]);
        assert_eq!(code(&out), 0, "{shell}: {}", show(&out));
        assert!(stdout(&out).contains("aps-pack") && stdout(&out).contains("zstack"), "{shell}");
    }
    let bin = env!("CARGO_BIN_EXE_aps-pack");
    let out = Command::new("bash")
        .args(["-c", &format!("source <('{bin}' completions bash); complete -p aps-pack")])
        .output()
        .expect("bash");
    assert!(out.status.success(), "{}", show(&out));
    assert!(stdout(&out).contains("aps-pack"), "{}", show(&out));
    let out = aps_pack(tmp.path(), &["completions", "tcsh"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
}

#[test]
fn man_pages_are_named_as_commands_are_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = aps_pack(tmp.path(), &["man"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(stdout(&out).starts_with(".ie") || stdout(&out).contains(".TH"), "{}", show(&out));
    let out = aps_pack(tmp.path(), &["man", "--out", "man"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    for page in ["aps-pack.1", "aps-pack-lint.1", "aps-pack-zstack-package.1", "aps-pack-i18n-extract.1"] {
        assert!(tmp.path().join("man").join(page).is_file(), "{page}");
    }
    let page = std::fs::read_to_string(tmp.path().join("man/aps-pack-zstack-package.1")).unwrap();
    assert!(page.contains("aps\\-pack zstack package"), "{page}");
    // Rendered by man itself where it is installed (CI installs it).
    match Command::new("man")
        .args(["-l", "man/aps-pack-zstack-package.1"])
        .current_dir(tmp.path())
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
    {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                text.contains("aps-pack zstack package") || text.contains("aps‐pack zstack package"),
                "{text}"
            );
        }
        _ if std::env::var_os("CI").is_some() => panic!("man is required under CI"),
        _ => eprintln!("note: man is not installed; the page was not rendered"),
    }
}
