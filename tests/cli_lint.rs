//! `aps-pack lint` end to end: the real binary on real folders.

mod common;

use common::{copy_tree as copy_dir, json, root, stdout};
use std::process::Output;

fn aps_pack(args: &[&str]) -> Output {
    common::aps_pack(root(), args)
}

#[test]
fn every_corpus_package_lints_without_errors() {
    for entry in std::fs::read_dir(root().join("fixtures/corpus/aps")).unwrap() {
        let dir = entry.unwrap().path();
        let rel = dir.strip_prefix(root()).unwrap().to_string_lossy().into_owned();
        let out = aps_pack(&["lint", "--format", "json", &rel]);
        let report = json(&out);
        let errors: Vec<_> =
            report["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
        assert!(errors.is_empty(), "{rel} has errors: {errors:#?}");
        assert_eq!(out.status.code(), Some(0), "{rel}");
    }
}

#[test]
fn example_package_is_clean() {
    let out = aps_pack(&["lint", "--deny-warnings", "examples/hello-cloud"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("no problems found"));
}

#[test]
fn human_report_of_a_broken_package() {
    let out = aps_pack(&["lint", "fixtures/lint/broken-package"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn json_report_is_the_documented_contract() {
    let out = aps_pack(&["lint", "--format", "json", "fixtures/lint/broken-package"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    for d in report["diagnostics"].as_array().unwrap() {
        for key in ["code", "severity", "message", "file", "line", "column"] {
            assert!(!d[key].is_null(), "{key} missing in {d}");
        }
        assert!(d["line"].as_u64().unwrap() >= 1 && d["column"].as_u64().unwrap() >= 1);
    }
    assert_eq!(report["summary"]["errors"], 2);
    insta::assert_json_snapshot!(report);
}

#[test]
fn sarif_report_has_rules_results_and_regions() {
    let out = aps_pack(&["lint", "--format", "sarif", "fixtures/lint/broken-package"]);
    let sarif = json(&out);
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "aps-pack");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let idx = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let loc = &result["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("fixtures/lint/broken-package/"));
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn github_annotations() {
    let out = aps_pack(&["lint", "--format", "github", "fixtures/lint/broken-package"]);
    let text = stdout(&out);
    assert!(text
        .lines()
        .all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")));
    assert!(text.contains("file=fixtures/lint/broken-package/schemas/app.schema,line=8,col=9"));
}

#[test]
fn severity_overrides_from_cli_change_the_exit_code() {
    let out = aps_pack(&[
        "lint",
        "--severity",
        "JSN002=warning",
        "--severity",
        "missing-schema=off",
        "fixtures/lint/broken-package",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = aps_pack(&[
        "lint",
        "--deny-warnings",
        "--severity",
        "JSN002=warning",
        "--severity",
        "APS114=off",
        "fixtures/lint/broken-package",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn unknown_severity_code_is_a_usage_error_with_a_suggestion() {
    let out = aps_pack(&["lint", "--severity", "JSN02=off", "examples/hello-cloud"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown rule `JSN02`") && err.contains("did you mean `JSN002`?"), "{err}");
}

#[test]
fn config_file_overrides_severities_and_cli_wins() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/lint/broken-package"), dir.path());
    std::fs::write(dir.path().join("aps-pack.toml"), "[rules]\nJSN002 = \"off\"\nAPS114 = \"info\"\n")
        .unwrap();
    let p = dir.path().to_str().unwrap();
    assert_eq!(aps_pack(&["lint", p]).status.code(), Some(0));
    assert_eq!(aps_pack(&["lint", "--severity", "JSN002=error", p]).status.code(), Some(1));
    std::fs::write(dir.path().join("aps-pack.toml"), "[rules]\nJSN002 = \"off\"\n[buld]\n").unwrap();
    let out = aps_pack(&["lint", "--format", "json", p]);
    let report = json(&out);
    let cfg =
        report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "CFG002").unwrap().clone();
    assert_eq!(cfg["help"], "did you mean `build`?");
    assert_eq!(cfg["line"], 3);
}

/// A named file is linted in its package: its own findings, and every error of the
/// package elsewhere (a change can break an unchanged file), marked as such.
#[test]
fn a_file_is_linted_in_its_package_context() {
    let out = aps_pack(&["lint", "--format", "json", "fixtures/lint/broken-package/schemas/app.schema"]);
    let report = json(&out);
    let found: Vec<(&str, &str, bool)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let marked = d["notes"].to_string().contains("not named");
            (d["code"].as_str().unwrap(), d["file"].as_str().unwrap(), marked)
        })
        .collect();
    assert!(
        found.contains(&("JSN002", "fixtures/lint/broken-package/schemas/app.schema", false)),
        "{report:#}"
    );
    assert!(found.contains(&("APS114", "fixtures/lint/broken-package/APP-META.xml", true)), "{report:#}");
    assert!(
        found
            .iter()
            .all(|(_, file, marked)| *file == "fixtures/lint/broken-package/schemas/app.schema" || *marked),
        "{report:#}"
    );
    assert!(
        report["diagnostics"].as_array().unwrap().iter().all(|d| d["severity"] == "error"
            || d["file"] == "fixtures/lint/broken-package/schemas/app.schema"
            || d["code"] == "LNT001"),
        "warnings of other files are summarised: {report:#}"
    );
}

#[test]
fn missing_path_is_exit_2() {
    let out = aps_pack(&["lint", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
}

#[test]
fn explain_and_rules() {
    let out = aps_pack(&["explain", "JSN002"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("duplicate-key"));
    let out = aps_pack(&["explain", "duplicate-kye"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `duplicate-key`?"));
    let out = aps_pack(&["rules", "--format", "json"]);
    let list = json(&out);
    assert!(list.as_array().unwrap().len() > 20);
}

#[test]
fn hostile_xml_is_a_diagnostic_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let meta = dir.path().join("APP-META.xml");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "billion-laughs",
            b"<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;&l;&l;\">]><application xmlns=\"http://aps-standard.org/ns/2\">&l2;</application>".to_vec(),
        ),
        ("truncated", b"<application xmlns=\"http://aps-standard.org/ns/2\"><id>x</id><name>".to_vec()),
        ("latin1", b"<application xmlns=\"http://aps-standard.org/ns/2\"><name>caf\xe9</name></application>".to_vec()),
        ("deep", "<a>".repeat(3_500_000).into_bytes()),
        ("aps1", b"<application xmlns=\"http://apstandard.com/ns/1\" version=\"1.2\"><name>old</name></application>".to_vec()),
    ];
    for (name, bytes) in cases {
        std::fs::write(&meta, bytes).unwrap();
        let out = aps_pack(&["lint", "--format", "json", dir.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stdout(&out));
        let report = json(&out);
        assert!(report["summary"]["errors"].as_u64().unwrap() >= 1, "{name}");
    }
}

#[test]
fn previous_version_runs_the_upgrade_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    let new = tmp.path().join("new");
    copy_dir(&root().join("examples/hello-cloud"), &old);
    copy_dir(&root().join("examples/hello-cloud"), &new);
    let (o, n) = (old.to_str().unwrap(), new.to_str().unwrap());
    // Same version again: not an upgrade.
    let out = aps_pack(&["lint", "--format", "json", "--previous", o, n]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = json(&out);
    assert!(report["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "UPG002"), "{report:#}");
    // A proper release bump is clean.
    let meta = new.join("APP-META.xml");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(&meta, text.replace("<release>3</release>", "<release>4</release>")).unwrap();
    let out = aps_pack(&["lint", "--previous", o, n]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// Controllers accept version-less references (the published Openstack package has
/// hundreds): to a known type it is a note (TYP213); to a type of the package's own
/// namespace that does not exist it is an unresolved reference (TYP205), an error only
/// where it breaks provisioning (a required relation).
#[test]
fn versionless_reference_to_a_known_type_is_a_note_unknown_is_unresolved() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/hello-cloud"), tmp.path());
    let schema = tmp.path().join("schemas/tenant.schema");
    let text = std::fs::read_to_string(&schema).unwrap();
    let versionless = text.replacen(
        "\"http://example.com/hello-cloud/app/1.0\"",
        "\"http://example.com/hello-cloud/app\"",
        1,
    );
    std::fs::write(&schema, &versionless).unwrap();
    let out = aps_pack(&["lint", "--format", "json", tmp.path().to_str().unwrap()]);
    let report = json(&out);
    let found: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("TYP")))
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(found, [("TYP213".to_string(), "info".to_string())], "{report:#}");
    assert_eq!(out.status.code(), Some(0));

    // `app` is a required relation: naming a type that does not exist breaks provisioning.
    std::fs::write(&schema, versionless.replace("hello-cloud/app\"", "hello-cloud/nope\"")).unwrap();
    let out = aps_pack(&["lint", "--format", "json", tmp.path().to_str().unwrap()]);
    let report = json(&out);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "TYP205" && d["severity"] == "error"),
        "{report:#}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_folder_inside_a_package_lints_the_package() {
    let out =
        common::aps_pack(&root().join("fixtures/lint/broken-package/schemas"), &["lint", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = json(&out);
    let files: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert!(files.contains(&"../schemas/app.schema") && files.contains(&"../APP-META.xml"), "{files:?}");
}

#[test]
fn lint_and_build_agree_on_the_tree_and_named_files_are_never_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/hello-cloud"), tmp.path());
    let p = tmp.path().to_str().unwrap();
    // A link leaving the package: build refuses it, so lint reports it too.
    std::os::unix::fs::symlink("/etc/passwd", tmp.path().join("ui/passwd")).unwrap();
    let out = aps_pack(&["lint", "--format", "json", p]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(json(&out)["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "PKG004"));
    std::fs::remove_file(tmp.path().join("ui/passwd")).unwrap();

    // A schema no service names, given explicitly (as pre-commit does), is still checked.
    let stray = tmp.path().join("schemas/app-v2.schema");
    std::fs::write(&stray, "{\"x\":").unwrap();
    let out = aps_pack(&["lint", "--format", "json", stray.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(json(&out)["diagnostics"][0]["code"], "JSN001");
}

#[test]
fn special_files_are_skipped_and_bad_option_paths_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Must return at once (a FIFO would block a reader forever).
    let out = aps_pack(&["lint", fifo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));

    for args in [
        ["lint", "--package", "no/such/pkg", "examples/hello-cloud/scripts/wizard_data.json"],
        ["lint", "--previous", "no/such/old", "examples/hello-cloud"],
        ["lint", "--image", "no/such.qcow2", "examples/zstack/example.hello.web/x86_64/1.0.0"],
    ] {
        let out = aps_pack(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no such file or folder"), "{args:?}");
    }
}

/// Outputs never replace what the run checks, and two spellings of one file are one file.
#[test]
fn outputs_over_inputs_and_one_file_named_twice_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/lint/broken-package"), &tmp.path().join("oi"));
    let meta = tmp.path().join("oi/APP-META.xml");
    let schema = tmp.path().join("oi/schemas/app.schema");
    let (meta_before, schema_before) = (std::fs::read(&meta).unwrap(), std::fs::read(&schema).unwrap());
    let cases: [&[&str]; 5] = [
        &["lint", "--format", "json=oi/APP-META.xml", "oi"],
        &["lint", "--write-baseline", "oi/schemas/app.schema", "oi"],
        &["lint", "--output-file", "oi/./APP-META.xml", "oi"],
        &["lint", "--format", "sarif=oi/schemas/../schemas/app.schema", "oi/schemas/app.schema"],
        &["lint", "--format", "json=APP-META.xml", "APP-META.xml"],
    ];
    for args in cases {
        let dir = if args.last() == Some(&"APP-META.xml") {
            tmp.path().join("oi")
        } else {
            tmp.path().to_path_buf()
        };
        let out = common::aps_pack(&dir, args);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("which this run checks; refusing to overwrite it"), "{args:?}: {err}");
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
    assert_eq!(std::fs::read(&meta).unwrap(), meta_before);
    assert_eq!(std::fs::read(&schema).unwrap(), schema_before);

    for second in ["sarif=./a.json", "sarif=sub/../a.json"] {
        std::fs::create_dir_all(tmp.path().join("sub")).unwrap();
        let out =
            common::aps_pack(tmp.path(), &["lint", "--format", "json=a.json", "--format", second, "oi"]);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{second}: {err}");
        assert!(err.contains("name one file, which is named by two outputs"), "{second}: {err}");
        assert!(!tmp.path().join("a.json").exists());
    }
    // A report beside the package, or a new file in it, is fine.
    let out = common::aps_pack(tmp.path(), &["lint", "--format", "json=report.json", "oi"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));

    // The same for a ZStack application version, named itself or found below a folder.
    copy_dir(&root().join("examples/zstack"), &tmp.path().join("zs"));
    let version = "zs/example.hello.web/x86_64/1.0.0";
    let input = tmp.path().join(version).join("input.json");
    let input_before = std::fs::read(&input).unwrap();
    let over = format!("json={version}/input.json");
    for target in [version, "zs"] {
        let out = common::aps_pack(tmp.path(), &["lint", "--format", &over, target]);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{target}: {err}");
        assert!(err.contains("the application version's own file `input.json`"), "{target}: {err}");
        assert_eq!(std::fs::read(&input).unwrap(), input_before, "{target}");
    }
}

/// With every output in a file, `--statistics` still shows the counts on the terminal.
#[test]
fn statistics_with_file_outputs_show_on_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = root().join("fixtures/lint/broken-package");
    let sarif = tmp.path().join("pf.sarif");
    let spec = format!("sarif={}", sarif.display());
    let out = aps_pack(&["lint", "--statistics", "--format", &spec, broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("JSN002") && text.contains("finding(s):"), "{text}");
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&sarif).unwrap()).unwrap();
    assert!(written["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()));
}
