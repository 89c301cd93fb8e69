//! The pre-commit flow: a repository with an APS package and one bad wizard
//! file; committing is refused with the diagnostic. Runs through the real
//! `pre-commit` when it is installed (`.ci/run` installs it), otherwise
//! through `aps-pack lint` on the changed-files list, as the hook would call it.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"))
}

fn git(dir: &Path, args: &[&str]) {
    let out = run(Command::new("git").args(args).current_dir(dir).env("GIT_CONFIG_GLOBAL", "/dev/null"));
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn setup_repo() -> tempfile::TempDir {
    let root = common::root();
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("package");
    common::copy_tree(&root.join("examples/hello-cloud"), &pkg);
    // The mistake: a duplicated key in the wizard data.
    let wizard = pkg.join("scripts/wizard_data.json");
    let text = std::fs::read_to_string(&wizard).unwrap();
    std::fs::write(
        &wizard,
        text.replacen(
            "\"apsName\": \"Hello Cloud\",",
            "\"apsName\": \"Hello Cloud\",\n        \"apsName\": \"Again\",",
            1,
        ),
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_aps-pack");
    std::fs::write(
        dir.path().join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: aps-pack-lint\n        name: aps-pack lint\n        entry: {bin} lint\n        language: system\n        files: (^|/)(APP-META\\.xml|aps-pack\\.toml|wizard_data\\.json|[^/]+\\.schema(\\.gen)?)$\n        require_serial: true\n"
        ),
    )
    .unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["config", "user.email", "t@example.com"]);
    git(dir.path(), &["config", "user.name", "t"]);
    git(dir.path(), &["add", "-A"]);
    dir
}

#[test]
fn hook_refuses_a_bad_wizard_file() {
    let dir = setup_repo();
    let have_pre_commit =
        Command::new("pre-commit").arg("--version").output().is_ok_and(|o| o.status.success());
    let out = if have_pre_commit {
        run(Command::new("pre-commit")
            .args(["run", "--files", "package/scripts/wizard_data.json", "package/APP-META.xml"])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("PRE_COMMIT_COLOR", "never")
            .env("PRE_COMMIT_HOME", dir.path().join(".cache")))
    } else {
        eprintln!("pre-commit is not installed: checking the changed-files flow through aps-pack directly");
        common::aps_pack(dir.path(), &["lint", "package/scripts/wizard_data.json", "package/APP-META.xml"])
    };
    let text = common::show(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("JSN002") && text.contains("duplicate key \"apsName\""), "{text}");
    assert!(text.contains("package/scripts/wizard_data.json:"), "{text}");
}

#[test]
fn changed_files_flow_passes_on_a_good_package() {
    let dir = setup_repo();
    let wizard = dir.path().join("package/scripts/wizard_data.json");
    let text = std::fs::read_to_string(&wizard).unwrap();
    std::fs::write(&wizard, text.replacen("\n        \"apsName\": \"Again\",", "", 1)).unwrap();
    let out = common::aps_pack(
        dir.path(),
        &["lint", "package/scripts/wizard_data.json", "package/APP-META.xml", "package/schemas/app.schema"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::show(&out));
}
