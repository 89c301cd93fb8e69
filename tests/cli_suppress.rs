//! Suppressions end to end: inline `aps-pack:` comments, `[lint.per-file-ignores]`, the
//! baseline, and the findings about unused and unreadable suppressions (LNT003, LNT004).

mod common;

use common::{code, copy_tree, json, root, show, stderr, stdout};
use std::path::Path;
use std::process::Output;

fn aps_pack(args: &[&str]) -> Output {
    common::aps_pack(root(), args)
}

fn codes(out: &Output) -> Vec<String> {
    let report = json(out);
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// A scratch copy of the broken package, linted from the scratch folder.
fn broken_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/lint/broken-package"), &dir.path().join("pkg"));
    dir
}

fn in_dir(dir: &Path, args: &[&str]) -> Output {
    common::aps_pack(dir, args)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn inline_comments_suppress_the_next_element_and_member() {
    // The same mistakes as broken-package, each under its comment: nothing left, nothing unused.
    let out = aps_pack(&["lint", "--deny-warnings", "fixtures/lint/suppressed-package"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(stdout(&out).contains("no problems found"), "{}", show(&out));
    // A comment covers the element after it, not the whole file: the same finding elsewhere stays.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/lint/suppressed-package"), dir.path());
    edit(
        &dir.path().join("APP-META.xml"),
        "<service id=\"app\">",
        "<service id=\"app\">\n        <schema path=\"schemas/gone.schema\"/>",
    );
    let out = in_dir(dir.path(), &["lint", "--format", "json", "."]);
    let found = codes(&out);
    assert_eq!(found.iter().filter(|c| *c == "APS114").count(), 1, "{}", show(&out));
    assert!(!found.contains(&"JSN002".to_string()), "{}", show(&out));
}

#[test]
fn trailing_and_file_level_comments() {
    let dir = broken_copy();
    let meta = dir.path().join("pkg/APP-META.xml");
    edit(
        &meta,
        "<schema path=\"schemas/tenant.schema\"/>",
        "<schema path=\"schemas/tenant.schema\"/> <!-- aps-pack: ignore APS114 -->",
    );
    edit(&dir.path().join("pkg/schemas/app.schema"), "{", "/* aps-pack: ignore-file JSN002 */\n{");
    let out = in_dir(dir.path(), &["lint", "--format", "json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(codes(&out), Vec::<String>::new());
}

#[test]
fn unused_and_unreadable_suppressions_are_findings() {
    let out = aps_pack(&["lint", "fixtures/lint/unused-suppressions"]);
    assert_eq!(code(&out), 0, "warnings only: {}", show(&out));
    insta::assert_snapshot!(stdout(&out));
    let out = aps_pack(&["lint", "--format", "json", "fixtures/lint/unused-suppressions"]);
    let found = codes(&out);
    assert_eq!(found.iter().filter(|c| *c == "LNT003").count(), 3, "{found:?}");
    assert_eq!(found.iter().filter(|c| *c == "LNT004").count(), 3, "{found:?}");
    let helps: Vec<String> = json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["help"].as_str().map(str::to_string))
        .collect();
    for expected in ["did you mean `APS114`?", "did you mean `ignore`?", "did you mean `duplicate-key`?"] {
        assert!(helps.iter().any(|h| h == expected), "{expected} not in {helps:#?}");
    }
    // Turned off like any rule.
    let out = aps_pack(&[
        "lint",
        "--deny-warnings",
        "--severity",
        "unused-suppression=off",
        "--severity",
        "LNT004=off",
        "fixtures/lint/unused-suppressions",
    ]);
    assert_eq!(code(&out), 0, "{}", show(&out));
}

#[test]
fn comments_inside_values_are_not_suppressions() {
    // The parsers find comments: text that looks like one inside a string is just text.
    let dir = broken_copy();
    edit(
        &dir.path().join("pkg/APP-META.xml"),
        "<name>Broken</name>",
        "<name>Broken &lt;!-- aps-pack: ignore-file APS114 --&gt;</name>",
    );
    edit(
        &dir.path().join("pkg/schemas/app.schema"),
        "\"name\": \"app\"",
        "\"name\": \"app // aps-pack: ignore-file JSN002\"",
    );
    let out = in_dir(dir.path(), &["lint", "--format", "json", "pkg"]);
    let found = codes(&out);
    for expected in ["APS114", "JSN002"] {
        assert!(found.contains(&expected.to_string()), "{}", show(&out));
    }
}

#[test]
fn per_file_ignores_by_glob_code_prefix_and_group() {
    let dir = broken_copy();
    std::fs::write(
        dir.path().join("pkg/aps-pack.toml"),
        "[lint.per-file-ignores]\n\"schemas/*.schema\" = [\"JSN\"]\n\"APP-META.xml\" = [\"package\"]\n",
    )
    .unwrap();
    let out = in_dir(dir.path(), &["lint", "--format", "json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(codes(&out), Vec::<String>::new());
    // Each error it hides is named, as a configuration lowering an error always is.
    let err = stderr(&out);
    assert!(
        err.contains("per-file-ignores \"schemas/*.schema\" JSN002 off in pkg/schemas/app.schema"),
        "{err}"
    );
    assert!(err.contains("per-file-ignores \"APP-META.xml\" APS114 off"), "{err}");
    // Globs with a `/` are relative to the configuration's folder.
    std::fs::write(
        dir.path().join("pkg/aps-pack.toml"),
        "[lint.per-file-ignores]\n\"pkg/schemas/*.schema\" = [\"ALL\"]\n",
    )
    .unwrap();
    let out = in_dir(dir.path(), &["lint", "--format", "json", "pkg"]);
    assert_eq!(codes(&out), ["APS114", "JSN002"], "{}", show(&out));
    std::fs::rename(dir.path().join("pkg/aps-pack.toml"), dir.path().join("aps-pack.toml")).unwrap();
    let out = in_dir(dir.path(), &["lint", "--format", "json", "pkg"]);
    assert_eq!(codes(&out), ["APS114"], "{}", show(&out));
}

#[test]
fn unknown_rules_in_per_file_ignores_are_config_findings() {
    let dir = broken_copy();
    std::fs::write(
        dir.path().join("pkg/aps-pack.toml"),
        "[lint.per-file-ignores]\n\"*.schema\" = [\"JSN0002\"]\n",
    )
    .unwrap();
    let out = in_dir(dir.path(), &["lint", "--format", "json", "pkg"]);
    let report = json(&out);
    let cfg = report["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "CFG003").cloned();
    let cfg = cfg.unwrap_or_else(|| panic!("no CFG003: {}", show(&out)));
    assert_eq!(cfg["message"], "unknown rule, prefix or group `JSN0002`");
    assert_eq!(cfg["help"], "did you mean `JSN002`?");
    assert_eq!((cfg["line"].as_u64(), cfg["column"].as_u64()), (Some(2), Some(15)));
}

#[test]
fn baseline_survives_unrelated_edits_and_reports_only_new_findings() {
    let dir = broken_copy();
    let base = dir.path().join("baseline.json");
    let out = in_dir(dir.path(), &["lint", "--write-baseline", "baseline.json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(stderr(&out).contains("wrote baseline.json: 2 findings in 2 entries"), "{}", show(&out));
    let written = std::fs::read_to_string(&base).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&written).unwrap();
    let entries = parsed["entries"].as_array().unwrap();
    let keys: Vec<(&str, &str)> =
        entries.iter().map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap())).collect();
    assert_eq!(keys, [("pkg/APP-META.xml", "APS114"), ("pkg/schemas/app.schema", "JSN002")]);
    assert!(!written.contains("\"line\""), "no line numbers in a baseline: {written}");
    // Deterministic: the same findings write the same bytes.
    in_dir(dir.path(), &["lint", "--write-baseline", "baseline.json", "pkg"]);
    assert_eq!(std::fs::read_to_string(&base).unwrap(), written);

    let out = in_dir(dir.path(), &["lint", "--deny-warnings", "--baseline", "baseline.json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));

    // Unrelated edits that move every finding to another line.
    let schema = dir.path().join("pkg/schemas/app.schema");
    edit(&schema, "\"properties\": {", "\"properties\": {\n        \"label\": { \"type\": \"string\" },\n");
    edit(&dir.path().join("pkg/APP-META.xml"), "<presentation>", "<!-- moved down -->\n\n    <presentation>");
    let out = in_dir(dir.path(), &["lint", "--deny-warnings", "--baseline", "baseline.json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));

    // A new problem is the only one reported.
    edit(
        &schema,
        "\"label\": { \"type\": \"string\" },",
        "\"label\": { \"type\": \"string\" },\n        \"label\": { \"type\": \"string\" },",
    );
    let out = in_dir(dir.path(), &["lint", "--format", "json", "--baseline", "baseline.json", "pkg"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let report = json(&out);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{report:#}");
    assert_eq!(
        (diags[0]["code"].as_str(), diags[0]["message"].as_str()),
        (Some("JSN002"), Some("duplicate key \"label\""))
    );

    // A fixed problem leaves a stale entry: reported, and pruned by writing again.
    edit(&schema, "        \"url\": { \"type\": \"integer\" }\n", "");
    edit(&schema, "\"url\": { \"type\": \"string\" },", "\"url\": { \"type\": \"string\" }");
    let out = in_dir(dir.path(), &["lint", "--format", "json", "--baseline", "baseline.json", "pkg"]);
    let report = json(&out);
    let stale: Vec<_> =
        report["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "LNT003").collect();
    assert_eq!(stale.len(), 1, "{report:#}");
    assert_eq!(stale[0]["message"], "1 baseline entry of baseline.json matches no finding");
    let out = in_dir(dir.path(), &["lint", "--write-baseline", "baseline.json", "pkg"]);
    assert!(stderr(&out).contains("1 no longer found"), "{}", show(&out));
    let out = in_dir(dir.path(), &["lint", "--deny-warnings", "--baseline", "baseline.json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
}

#[test]
fn baseline_from_the_configuration_and_partial_runs() {
    let dir = broken_copy();
    in_dir(dir.path(), &["lint", "--write-baseline", "pkg/accepted.json", "pkg"]);
    let text = std::fs::read_to_string(dir.path().join("pkg/accepted.json")).unwrap();
    assert!(text.contains("\"path\": \"APP-META.xml\""), "relative to the baseline's folder: {text}");
    std::fs::write(dir.path().join("pkg/aps-pack.toml"), "[lint]\nbaseline = \"accepted.json\"\n").unwrap();
    let out = in_dir(dir.path(), &["lint", "--deny-warnings", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    // A run on one file neither reports the other file's entries as stale nor drops them.
    let out = in_dir(dir.path(), &["lint", "--deny-warnings", "pkg/schemas/app.schema"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    in_dir(dir.path(), &["lint", "--write-baseline", "pkg/accepted.json", "pkg/schemas/app.schema"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("pkg/accepted.json")).unwrap(), text);
    // A missing or malformed baseline is a usage error that says how to make one.
    let out = in_dir(dir.path(), &["lint", "--baseline", "nope.json", "pkg"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("create it with `aps-pack lint --write-baseline nope.json`"),
        "{}",
        show(&out)
    );
    std::fs::write(dir.path().join("bad.json"), "{\"version\": 1, \"entries\": [\n  {\"path\": 3}]}")
        .unwrap();
    let out = in_dir(dir.path(), &["lint", "--baseline", "bad.json", "pkg"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("baseline bad.json:2:"), "{}", show(&out));
}

/// A fresh self-signed signing key and certificate, `key.pem` and `cert.pem` in `dir`.
fn self_signed_key(dir: &Path) {
    let openssl = std::process::Command::new("openssl")
        .current_dir(dir)
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem"])
        .args(["-days", "30", "-subj", "/CN=Vendor"])
        .output()
        .expect("openssl runs");
    assert!(openssl.status.success(), "{}", String::from_utf8_lossy(&openssl.stderr));
}

/// Comments inside an archive are the packager's: they may hide the package's own findings
/// (named on stderr when errors), never what vouches for the archive, and no errors at all
/// when a trusted signer is asked for.
#[test]
fn comments_inside_an_archive_cannot_waive_its_integrity() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/lint/suppressed-package"), &dir.path().join("pkg"));
    self_signed_key(dir.path());
    let build = in_dir(dir.path(), &["build", "pkg", "-o", "plain.app.zip"]);
    assert_eq!(code(&build), 0, "{}", show(&build));
    let signed = ["build", "pkg", "-o", "signed.app.zip", "--sign-key", "key.pem", "--sign-cert", "cert.pem"];
    let build = in_dir(dir.path(), &signed);
    assert_eq!(code(&build), 0, "{}", show(&build));

    // What build accepted, verify accepts, and names the errors hidden.
    let out = in_dir(dir.path(), &["verify", "plain.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(
        stderr(&out).contains(
            "a comment in the archive turns APS114 (missing-schema) off at plain.app.zip/APP-META.xml:"
        ),
        "{}",
        show(&out)
    );
    // A trusted signer asked for: the same comments hide no error.
    let out = in_dir(dir.path(), &["verify", "signed.app.zip", "--trust", "cert.pem", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(codes(&out), ["APS114", "JSN002"], "{}", show(&out));
    assert!(stderr(&out).contains("with --trust or --require-signature"), "{}", show(&out));
    // Only an explicit flag waives them.
    let out = in_dir(
        dir.path(),
        &["verify", "signed.app.zip", "--trust", "cert.pem", "--ignore", "APS114", "--ignore", "JSN002"],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));

    // A forged archive whose APP-LIST.xml asks to ignore its own integrity findings, read
    // and rewritten by Python's zipfile: the size, hash and signature findings all stay.
    let forge = r#"
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
    for info in z.infolist():
        data = z.read(info)
        if info.filename == "APP-LIST.xml":
            data = data.replace(b"<file ", b"<!-- aps-pack: ignore-file PKG, SIG, archive -->\n<file ", 1)
        if info.filename == "APP-META.xml":
            data = data.replace(b"</application>", b"<!-- changed -->\n</application>")
        out.writestr(info.filename, data)
"#;
    let python = std::process::Command::new("python3")
        .current_dir(dir.path())
        .args(["-c", forge, "signed.app.zip", "forged.app.zip"])
        .output()
        .expect("python3 runs");
    assert!(python.status.success(), "{}", String::from_utf8_lossy(&python.stderr));
    for flags in [&[][..], &["--trust", "cert.pem"][..]] {
        let mut args = vec!["verify", "forged.app.zip", "--format", "json"];
        args.extend(flags);
        let out = in_dir(dir.path(), &args);
        assert_eq!(code(&out), 1, "{flags:?}: {}", show(&out));
        let found = codes(&out);
        for expected in ["PKG111", "SIG002"] {
            assert!(found.iter().any(|c| c == expected), "{flags:?}: {expected} missing: {}", show(&out));
        }
        assert!(stderr(&out).contains("never suppressed from inside the archive"), "{}", show(&out));
    }
    let out = in_dir(dir.path(), &["lint", "forged.app.zip", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(codes(&out).contains(&"PKG111".to_string()), "{}", show(&out));
}

/// Counts a hand-edited baseline holds are added without overflowing.
#[test]
fn a_baseline_with_the_largest_counts_is_read_without_overflow() {
    let dir = broken_copy();
    in_dir(dir.path(), &["lint", "--write-baseline", "b.json", "pkg"]);
    let path = dir.path().join("b.json");
    let mut doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let entries = doc["entries"].as_array_mut().unwrap();
    entries[0]["count"] = serde_json::json!(u64::MAX);
    let twin = entries[0].clone();
    entries.insert(0, twin);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = in_dir(dir.path(), &["lint", "--format", "json", "--baseline", "b.json", "pkg"]);
    assert_ne!(code(&out), 101, "{}", show(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", show(&out));
    let out = in_dir(dir.path(), &["lint", "--write-baseline", "b.json", "pkg/schemas/app.schema"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
}

/// Files outside the baseline's folder are written relative to it, with `..`, and a moved
/// checkout still matches.
#[test]
fn baseline_paths_outside_its_folder_are_relative() {
    let dir = broken_copy();
    std::fs::create_dir_all(dir.path().join("bl")).unwrap();
    let out = in_dir(dir.path(), &["lint", "--write-baseline", "bl/b.json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let text = std::fs::read_to_string(dir.path().join("bl/b.json")).unwrap();
    assert!(text.contains("\"path\": \"../pkg/APP-META.xml\""), "{text}");
    assert!(!text.contains(&dir.path().display().to_string()), "no absolute paths: {text}");
    // Another checkout of the same tree.
    let moved = tempfile::tempdir().unwrap();
    copy_tree(dir.path(), moved.path());
    let out = in_dir(moved.path(), &["lint", "--deny-warnings", "--baseline", "bl/b.json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    // Partial runs keep the entries of the files they did not check.
    let out = in_dir(moved.path(), &["lint", "--write-baseline", "bl/b.json", "pkg/schemas/app.schema"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert_eq!(std::fs::read_to_string(moved.path().join("bl/b.json")).unwrap(), text);
}

/// The baseline `[lint] baseline` names is the tool's, not the application's: build leaves
/// it out and says why.
#[test]
fn build_leaves_the_configured_baseline_out() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/hello-cloud"), &dir.path().join("pkg"));
    std::fs::write(dir.path().join("pkg/aps-pack.toml"), "[lint]\nbaseline = \"accepted.json\"\n").unwrap();
    let out = in_dir(dir.path(), &["lint", "--write-baseline", "pkg/accepted.json", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let out = in_dir(dir.path(), &["build", "--list", "--verbose", "pkg"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let listed = stdout(&out);
    assert!(!listed.lines().any(|l| l.trim_end().ends_with("accepted.json")), "{}", show(&out));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(all.contains("accepted.json") && all.contains("[lint] baseline"), "{}", show(&out));
}

/// A file that is no baseline is reported in words, at a 1-based place.
#[test]
fn baseline_parse_errors_say_what_is_expected() {
    let dir = broken_copy();
    for (text, expected) in [
        ("", "baseline b.json:1:1: empty file, expected a baseline written by --write-baseline"),
        (
            "  []",
            "baseline b.json:1:3: expected an object with \"version\" and \"entries\" (a list of findings), found a list",
        ),
    ] {
        std::fs::write(dir.path().join("b.json"), text).unwrap();
        let out = in_dir(dir.path(), &["lint", "--baseline", "b.json", "pkg"]);
        assert_eq!(code(&out), 2, "{}", show(&out));
        assert!(stderr(&out).contains(expected), "{}", show(&out));
        assert!(!stderr(&out).contains("BaselineFile"), "{}", show(&out));
    }
}

/// An invalid per-file-ignores glob is placed at its key.
#[test]
fn an_invalid_per_file_ignores_glob_has_its_place() {
    let dir = broken_copy();
    std::fs::write(dir.path().join("pkg/aps-pack.toml"), "[lint.per-file-ignores]\n\"[[\" = [\"JSN002\"]\n")
        .unwrap();
    for command in ["lint", "build"] {
        let out = in_dir(dir.path(), &[command, "pkg"]);
        assert_eq!(code(&out), 2, "{}", show(&out));
        assert!(
            stderr(&out)
                .contains("pkg/aps-pack.toml:2:1: [lint.per-file-ignores] \"[[\" is not a valid glob"),
            "{}",
            show(&out)
        );
    }
}

/// Under `--trust`, a comment in the archive is weighed against the final severity: a warning
/// raised to an error by `--severity`, or denied by `--deny-warnings`, is not hidden.
#[test]
fn comments_inside_an_archive_are_weighed_at_their_final_severity() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/hello-cloud"), &dir.path().join("pkg"));
    edit(
        &dir.path().join("pkg/APP-META.xml"),
        "<release>3</release>",
        "<release>3</release>\n    <!-- aps-pack: ignore APS105 -->\n    <foo/>",
    );
    self_signed_key(dir.path());
    let build = in_dir(
        dir.path(),
        &["build", "pkg", "-o", "s.app.zip", "--sign-key", "key.pem", "--sign-cert", "cert.pem"],
    );
    assert_eq!(code(&build), 0, "{}", show(&build));
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", "s.app.zip", "--trust", "cert.pem", "--format", "json"];
        args.extend_from_slice(extra);
        in_dir(dir.path(), &args)
    };
    let out = verify(&[]);
    assert_eq!(code(&out), 0, "a warning the packager accepted stays hidden: {}", show(&out));
    for extra in [&["--severity", "APS105=error"][..], &["--deny-warnings"][..]] {
        let out = verify(extra);
        assert_eq!(code(&out), 1, "{extra:?}: {}", show(&out));
        assert_eq!(codes(&out), ["APS105"], "{extra:?}: {}", show(&out));
        assert!(stderr(&out).contains("cannot turn APS105 (unknown-element) off"), "{}", show(&out));
    }
}
