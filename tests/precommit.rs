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

fn have_pre_commit() -> bool {
    let have = Command::new("pre-commit").arg("--version").output().is_ok_and(|o| o.status.success());
    // CI installs pre-commit: there, its absence is a failure, not a reason to skip.
    assert!(have || std::env::var_os("CI").is_none(), "pre-commit is not installed (CI installs it)");
    have
}

/// Renaming a service in APP-META.xml and committing only that file breaks the unchanged
/// wizard data that names the service: the hook, given only APP-META.xml, must fail with
/// the error in wizard_data.json.
#[test]
fn hook_fails_when_a_change_breaks_an_unchanged_file_of_the_package() {
    if !have_pre_commit() {
        eprintln!("pre-commit is not installed: skipped");
        return;
    }
    let dir = setup_repo();
    let wizard = dir.path().join("package/scripts/wizard_data.json");
    let text = std::fs::read_to_string(&wizard).unwrap();
    std::fs::write(&wizard, text.replacen("\n        \"apsName\": \"Again\",", "", 1)).unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "a good package"]);

    let meta = dir.path().join("package/APP-META.xml");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(&meta, text.replace("<service id=\"tenants\">", "<service id=\"customers\">")).unwrap();
    git(dir.path(), &["add", "package/APP-META.xml"]);
    let out = run(Command::new("pre-commit")
        .args(["run"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("PRE_COMMIT_COLOR", "never")
        .env("PRE_COMMIT_HOME", dir.path().join(".cache")));
    let text = common::show(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("Failed"), "{text}");
    assert!(text.contains("WIZ113"), "{text}");
    assert!(text.contains("package/scripts/wizard_data.json:"), "{text}");
}

/// A JSON file that is neither wizard data nor a ZStack file in an application folder is
/// not judged as one (a translation catalog, a tool's `input.json`).
#[test]
fn unrelated_json_files_are_not_linted_as_wizard_data() {
    let dir = setup_repo();
    let wizard = dir.path().join("package/scripts/wizard_data.json");
    let text = std::fs::read_to_string(&wizard).unwrap();
    std::fs::write(&wizard, text.replacen("\n        \"apsName\": \"Again\",", "", 1)).unwrap();
    std::fs::create_dir_all(dir.path().join("tools")).unwrap();
    std::fs::write(dir.path().join("tools/input.json"), "{\"name\": \"not ZStack\", \"retries\": 3}")
        .unwrap();
    let out = common::aps_pack(dir.path(), &["lint", "tools/input.json", "package/i18n/en_US.json"]);
    let text = common::show(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("WIZ"), "{text}");
    assert!(
        text.contains("skipping tools/input.json") && text.contains("skipping package/i18n/en_US.json"),
        "{text}"
    );
}

/// Wizard data outside any package is checked as far as it can be, and says what it could not check.
#[test]
fn wizard_data_without_its_package_says_what_was_skipped() {
    let dir = setup_repo();
    std::fs::create_dir_all(dir.path().join("tools")).unwrap();
    let wizard = std::fs::read_to_string(dir.path().join("package/scripts/wizard_data.json")).unwrap();
    let wizard = wizard
        .replacen("\n        \"apsName\": \"Again\",", "", 1)
        .replace("\"service_id\": \"tenants\"", "\"service_id\": \"nope\"");
    std::fs::write(dir.path().join("tools/wizard_data.json"), wizard).unwrap();
    let out = common::aps_pack(dir.path(), &["lint", "--format", "json", "tools/wizard_data.json"]);
    let report = common::json(&out);
    let codes: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["LNT002"], "{report:#}");
    let out = common::aps_pack(
        dir.path(),
        &["lint", "--format", "json", "--package", "package", "tools/wizard_data.json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", common::show(&out));
    assert!(common::stdout(&out).contains("WIZ113"), "{}", common::show(&out));
}
