//! Rule selection (`--select`, `--extend-select`, `--ignore`, `[lint] select` …), several
//! outputs in one run, `--statistics`, and `rules --group`/`--select`.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The codes a `--format json` run reported, with their severities.
fn codes(out: &std::process::Output) -> Vec<(String, String)> {
    json(out)["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", show(out)))
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()))
        .collect()
}

/// A copy of the broken package (APS114 `missing-schema` and JSN002 `duplicate-key`, both
/// errors) in a repository of its own, with `config` as its aps-pack.toml.
fn broken(tmp: &Path, config: &str) -> std::path::PathBuf {
    let pkg = tmp.join("pkg");
    copy_tree(&root().join("fixtures/lint/broken-package"), &pkg);
    std::fs::create_dir_all(tmp.join(".git")).unwrap();
    if !config.is_empty() {
        std::fs::write(pkg.join("aps-pack.toml"), config).unwrap();
    }
    pkg
}

/// One row: the aps-pack.toml, the command-line flags, the findings expected (code and
/// severity), the exit code, and a text stderr must hold.
type Case =
    (&'static str, &'static [&'static str], &'static [(&'static str, &'static str)], i32, &'static str);

#[test]
fn selection_by_code_name_prefix_and_group_in_the_cli_and_the_config() {
    const E: &str = "error";
    let cases: &[Case] = &[
        ("", &[], &[("APS114", E), ("JSN002", E)], 1, ""),
        ("", &["--select", "APS"], &[("APS114", E)], 1, ""),
        ("", &["--select", "syntax"], &[("JSN002", E)], 1, ""),
        ("", &["--select", "missing-schema"], &[("APS114", E)], 1, ""),
        ("", &["--ignore", "duplicate-key"], &[("APS114", E)], 1, ""),
        ("", &["--ignore", "APS114,JSN"], &[], 0, ""),
        ("", &["--select", "APS1", "--extend-select", "JSN0"], &[("APS114", E), ("JSN002", E)], 1, ""),
        // The more specific selector wins, on either side.
        ("", &["--select", "APS114", "--ignore", "APS"], &[("APS114", E)], 1, ""),
        ("", &["--select", "ALL", "--ignore", "APS1"], &[("JSN002", E)], 1, ""),
        ("", &["--select", "APS1", "--ignore", "package"], &[("APS114", E)], 1, ""),
        // The configuration's selection, named on stderr when it turns off an error.
        (
            "[lint]\nselect = [\"JSN\"]\n",
            &[],
            &[("JSN002", E)],
            1,
            "[lint] selection turns off error-level APS",
        ),
        ("[lint]\nignore = [\"JSN002\", \"APS114\"]\n", &[], &[], 0, "turns off error-level APS114, JSN002"),
        // The command line beats the configuration.
        ("[lint]\nselect = [\"JSN\"]\n", &["--select", "APS"], &[("APS114", E)], 1, ""),
        (
            "[lint]\nignore = [\"APS114\"]\n",
            &["--extend-select", "APS114"],
            &[("APS114", E), ("JSN002", E)],
            1,
            "",
        ),
        (
            "[lint]\nignore = [\"APS\"]\n",
            &["--severity", "APS114=warning"],
            &[("APS114", "warning"), ("JSN002", E)],
            1,
            "turns off error-level APS101",
        ),
        ("[lint]\nextend-select = [\"APS114\"]\n", &["--ignore", "APS114"], &[("JSN002", E)], 1, ""),
        // `--severity` does not undo the command line's own selection.
        ("", &["--ignore", "APS", "--severity", "APS114=warning"], &[("JSN002", E)], 1, ""),
        // A configuration's selection that names no known rule is not "run nothing", and the
        // findings about the configuration itself are never deselected by it.
        ("[lint]\nselect = [\"wizzard\"]\n", &[], &[("APS114", E), ("JSN002", E), ("CFG003", E)], 1, ""),
        ("[lint]\nselect = [\"\"]\n", &[], &[("APS114", E), ("JSN002", E), ("CFG003", E)], 1, ""),
        (
            "[lint]\nselect = [\"JSN\", \"wizzard\"]\n",
            &[],
            &[("JSN002", E), ("CFG003", E)],
            1,
            "[lint] selection turns off error-level APS",
        ),
    ];
    for (config, flags, expected, exit, said) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let pkg = broken(tmp.path(), config);
        let mut args = vec!["lint", "--format", "json"];
        args.extend_from_slice(flags);
        args.push(pkg.to_str().unwrap());
        let out = aps_pack(tmp.path(), &args);
        let what = format!("config {config:?}, flags {flags:?}: {}", show(&out));
        let got = codes(&out);
        let want: Vec<(String, String)> =
            expected.iter().map(|(c, s)| (c.to_string(), s.to_string())).collect();
        assert_eq!(got, want, "{what}");
        assert_eq!(code(&out), *exit, "{what}");
        assert!(stderr(&out).contains(said), "{what}");
        if said.is_empty() {
            assert!(!stderr(&out).contains("turns off"), "{what}");
        }
    }
}

#[test]
fn unknown_selectors_are_refused_with_a_suggestion() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = broken(tmp.path(), "");
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--select", "WIZZ"],
            "error: --select: unknown rule, prefix or group `WIZZ`",
            "did you mean `WIZ`?",
        ),
        (
            &["--ignore", "duplicate-kye"],
            "error: --ignore: unknown rule, prefix or group",
            "did you mean `duplicate-key`?",
        ),
        (
            &["--extend-select", "wizrd"],
            "error: --extend-select: unknown rule, prefix or group",
            "did you mean `wizard`?",
        ),
        (&["--select", "Q9"], "unknown rule, prefix or group `Q9`", "a code prefix (`WIZ1`)"),
        // `--select "$RULES"` with the variable unset: no rule would run.
        (&["--select", ""], "error: --select: no rule named", "`--select ALL`"),
        (&["--select", " , "], "error: --select: no rule named", "`--select ALL`"),
    ];
    for (flags, message, help) in cases {
        let mut args = vec!["lint"];
        args.extend_from_slice(flags);
        args.push(pkg.to_str().unwrap());
        let out = aps_pack(tmp.path(), &args);
        assert_eq!(code(&out), 2, "{flags:?}: {}", show(&out));
        assert!(stderr(&out).contains(message) && stderr(&out).contains(help), "{flags:?}: {}", show(&out));
    }
    // In the configuration: a finding at the selector, with line and column.
    std::fs::write(pkg.join("aps-pack.toml"), "[lint]\nignore = [\"APS114\", \"JSN00 2\"]\n").unwrap();
    let out = aps_pack(tmp.path(), &["lint", "--format", "json", pkg.to_str().unwrap()]);
    let report = json(&out);
    let cfg = report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "CFG003").unwrap();
    assert_eq!(cfg["message"], "unknown rule, prefix or group `JSN00 2`", "{cfg:#}");
    assert_eq!((cfg["line"].as_u64(), cfg["column"].as_u64()), (Some(2), Some(21)), "{cfg:#}");
    // The valid selector still applies.
    assert!(!codes(&out).iter().any(|(c, _)| c == "APS114"), "{}", show(&out));
}

/// `verify --require-signature` keeps signature and archive rules whatever the
/// configuration's selection says, and says so; an explicit flag still can.
#[test]
fn a_configuration_cannot_deselect_guarded_rules() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/hello-cloud"), &tmp.path().join("pkg"));
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "a.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    std::fs::write(tmp.path().join("aps-pack.toml"), "[lint]\nignore = [\"archive\"]\n").unwrap();
    let out = aps_pack(tmp.path(), &["verify", "--require-signature", "a.app.zip"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let said = stderr(&out);
    assert!(said.contains("ignoring aps-pack.toml: [lint] selection turns off PKG"), "{}", show(&out));
    assert!(said.contains("(--trust and --require-signature keep"), "{}", show(&out));
    assert!(stdout(&out).contains("SIG001(unsigned-package)"), "{}", show(&out));
    let out = aps_pack(tmp.path(), &["verify", "--require-signature", "--ignore", "archive", "a.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    // A command-line `--select` that does not name them does not turn them off either.
    std::fs::remove_file(tmp.path().join("aps-pack.toml")).unwrap();
    let out = aps_pack(tmp.path(), &["verify", "--require-signature", "--select", "APS", "a.app.zip"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stdout(&out).contains("SIG001(unsigned-package)"), "{}", show(&out));
    assert!(
        stderr(&out).contains("--select leaves them out; --ignore them to turn them off"),
        "{}",
        show(&out)
    );
}

#[test]
fn several_outputs_in_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = broken(tmp.path(), "");
    let p = pkg.to_str().unwrap();
    let out = aps_pack(
        tmp.path(),
        &["lint", "--format", "human", "--format", "sarif=out.sarif", "--format", "json=out.json", p],
    );
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stdout(&out).contains("JSN002(duplicate-key)"), "{}", show(&out));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 2);
    // A file never gets colours, whatever the terminal.
    let out = aps_pack(tmp.path(), &["lint", "--color", "always", "--format", "human=out.txt", p]);
    assert_eq!((code(&out), stdout(&out).as_str()), (1, ""), "{}", show(&out));
    let text = std::fs::read_to_string(tmp.path().join("out.txt")).unwrap();
    assert!(text.contains("JSN002(duplicate-key)") && !text.contains('\u{1b}'), "{text}");
    // `--output-file` pairs with one `--format`.
    let out = aps_pack(tmp.path(), &["lint", "--format", "github", "--output-file", "gh.txt", p]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(std::fs::read_to_string(tmp.path().join("gh.txt")).unwrap().contains("::error"));

    let refused: &[(&[&str], &str)] = &[
        (&["--format", "human", "--format", "json"], "at most one can"),
        (&["--format", "human", "--format", "json", "--output-file", "x"], "pairs with one --format"),
        (&["--format", "json=x", "--format", "sarif=x"], "x is named by two outputs"),
        (&["--format", "xml"], "unknown format `xml`"),
        (&["--format", "sarif="], "names no file"),
        (&["--format", "json=missing/out.json"], "cannot write the file"),
    ];
    for (flags, message) in refused {
        let mut args = vec!["lint"];
        args.extend_from_slice(flags);
        args.push(p);
        let out = aps_pack(tmp.path(), &args);
        assert_eq!(code(&out), 2, "{flags:?}: {}", show(&out));
        assert!(stderr(&out).contains(message), "{flags:?}: {}", show(&out));
    }
}

#[test]
fn statistics_count_findings_per_code() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = broken(tmp.path(), "");
    // A second duplicate key: JSN002 twice, first.
    let schema = pkg.join("schemas/app.schema");
    let text = std::fs::read_to_string(&schema).unwrap();
    std::fs::write(
        &schema,
        text.replacen(
            "\"url\": { \"type\": \"integer\" }",
            "\"url\": { \"type\": \"integer\" }, \"url\": {}",
            1,
        ),
    )
    .unwrap();
    let p = pkg.to_str().unwrap();
    let out = aps_pack(tmp.path(), &["lint", "--statistics", "--severity", "APS114=warning", p]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    insta::assert_snapshot!(stdout(&out));
    let out =
        aps_pack(tmp.path(), &["lint", "--statistics", "--format", "json", "--format", "sarif=s.sarif", p]);
    let stats = json(&out);
    let rows: Vec<(String, u64)> = stats["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap().to_string(), r["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(rows, [("JSN002".to_string(), 2), ("APS114".to_string(), 1)], "{stats:#}");
    assert_eq!(stats["statistics"][0]["name"], "duplicate-key");
    assert_eq!(stats["statistics"][0]["severity"], "error");
    assert_eq!(stats["summary"]["errors"], 3);
    // SARIF keeps the findings themselves.
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("s.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 3);
}

#[test]
fn rules_filters_by_group_and_selector() {
    let tmp = tempfile::tempdir().unwrap();
    let list = |args: &[&str]| -> BTreeSet<String> {
        let mut all = vec!["rules", "--format", "json"];
        all.extend_from_slice(args);
        let out = aps_pack(tmp.path(), &all);
        assert_eq!(code(&out), 0, "{}", show(&out));
        json(&out).as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()).collect()
    };
    let everything = list(&[]);
    let wizard = list(&["--group", "wizard"]);
    assert!(!wizard.is_empty() && wizard.iter().all(|c| c.starts_with("WIZ")), "{wizard:?}");
    assert_eq!(wizard, everything.iter().filter(|c| c.starts_with("WIZ")).cloned().collect());
    let wiz1 = list(&["--select", "WIZ1"]);
    assert!(!wiz1.is_empty() && wiz1.iter().all(|c| c.starts_with("WIZ1")), "{wiz1:?}");
    assert_eq!(list(&["--select", "duplicate-key,APS114"]), ["APS114", "JSN002"].map(String::from).into());
    assert_eq!(list(&["--group", "wizard", "--select", "JSN"]), BTreeSet::new());
    let out = aps_pack(tmp.path(), &["rules", "--group", "wizzard"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no group `wizzard`") && stderr(&out).contains("did you mean `wizard`?"));
    let out = aps_pack(tmp.path(), &["rules", "--group", "package"]);
    assert!(stdout(&out).lines().all(|l| l.starts_with("APS")), "{}", show(&out));
}
