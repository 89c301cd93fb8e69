//! Cases an adversarial pass found, each kept as a test: what `build` writes passes
//! `verify`, secrets stay out, configuration precedence holds, and the CLI says true things.

mod common;

use common::*;
use std::path::Path;

fn example(to: &Path) {
    copy_tree(&root().join("examples/hello-cloud"), to);
}

/// `build` refuses names that `verify` would refuse in the archive it writes: collisions
/// with APP-LIST.xml, with generated schemas and their folders, and Unicode forms.
#[test]
fn build_refuses_names_that_collide_with_what_it_adds() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    example(&a);
    std::fs::write(a.join("app-list.xml"), "<x/>").unwrap();
    let b = tmp.path().join("b");
    copy_tree(&root().join("fixtures/php-packages/aps_dummy"), &b);
    std::fs::create_dir_all(b.join("Schemas")).unwrap();
    std::fs::write(b.join("Schemas/r.txt"), "hi").unwrap();
    let c = tmp.path().join("c");
    example(&c);
    std::fs::write(c.join("ui/caf\u{e9}.txt"), "NFC").unwrap();
    std::fs::write(c.join("ui/cafe\u{301}.txt"), "NFD").unwrap();
    for (pkg, code) in [("a", "PKG003"), ("b", "PKG003"), ("c", "PKG114")] {
        let out = aps_pack(tmp.path(), &["build", pkg, "-o", "out.app.zip"]);
        assert_eq!(common::code(&out), 1, "{pkg}\n{}", show(&out));
        assert!(show(&out).contains(code), "{pkg}\n{}", show(&out));
        assert!(!tmp.path().join("out.app.zip").exists(), "{pkg}: an archive was written");
    }
}

/// A wizard file at the conventional path is checked even when aps-pack.toml names another:
/// `verify` of the archive reads it.
#[test]
fn the_conventional_wizard_file_is_checked_beside_a_configured_one() {
    let tmp = tempfile::tempdir().unwrap();
    let w = tmp.path().join("w");
    example(&w);
    std::fs::copy(w.join("scripts/wizard_data.json"), w.join("scripts/custom.json")).unwrap();
    std::fs::write(w.join("aps-pack.toml"), "[package]\nwizard = \"scripts/custom.json\"\n").unwrap();
    std::fs::write(w.join("scripts/wizard_data.json"), "{\"defaults\": {").unwrap();
    let out = aps_pack(tmp.path(), &["build", "w", "-o", "out.app.zip"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(show(&out).contains("scripts/wizard_data.json"), "{}", show(&out));
}

/// The nearer file's rule setting wins, whether either file names the rule by code or by name.
#[test]
fn a_nearer_rule_setting_wins_however_it_is_spelt() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("r/p");
    example(&p);
    let schema = p.join("schemas/app.schema");
    let text = std::fs::read_to_string(&schema).unwrap();
    std::fs::write(&schema, text.replacen("\"name\": \"app\",", "\"name\": \"app\", \"name\": \"app\",", 1))
        .unwrap();
    std::fs::write(tmp.path().join("r/aps-pack.toml"), "[rules]\nduplicate-key = \"off\"\n").unwrap();
    std::fs::write(p.join("aps-pack.toml"), "extend = \"../aps-pack.toml\"\n[rules]\nJSN002 = \"error\"\n")
        .unwrap();
    assert_eq!(code(&aps_pack(tmp.path(), &["lint", "r/p"])), 1);
    std::fs::write(tmp.path().join("r/aps-pack.toml"), "[rules]\nduplicate-key = \"error\"\n").unwrap();
    std::fs::write(p.join("aps-pack.toml"), "extend = \"../aps-pack.toml\"\n[rules]\nJSN002 = \"off\"\n")
        .unwrap();
    let out = aps_pack(tmp.path(), &["lint", "r/p"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
}

/// JSON with a `defaults` *value* or key of another shape is not wizard data.
#[test]
fn json_that_only_mentions_defaults_is_not_wizard_data() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p");
    example(&p);
    std::fs::create_dir_all(p.join("ui/app")).unwrap();
    std::fs::write(p.join("ui/app/package.json"), "{\"name\":\"ui\",\"browserslist\":[\"defaults\"]}")
        .unwrap();
    std::fs::write(p.join("i18n/de_DE.json"), "{\"defaults\": \"Restore defaults\"}").unwrap();
    let out = aps_pack(tmp.path(), &["lint", "p/ui/app/package.json", "p/i18n/de_DE.json"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(!show(&out).contains("WIZ"), "{}", show(&out));
}

/// `zstack package .` inside the version folder would pack its own output next time.
#[test]
fn zstack_output_inside_the_application_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/zstack"), &tmp.path().join("z"));
    let dir = tmp.path().join("z/example.hello.web/x86_64/1.0.0");
    let out = aps_pack(&dir, &["zstack", "package", "."]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(stderr(&out).contains("inside the application folder"), "{}", show(&out));
    assert!(!dir.join("dist").exists());
}

/// A link does not smuggle a left-out file in, and direnv's `.envrc` and `.env.d/` are secrets too.
#[cfg(unix)]
#[test]
fn links_to_left_out_files_and_env_variants_stay_out() {
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("s");
    example(&s);
    std::fs::write(s.join(".env"), "API_KEY=hunter2").unwrap();
    std::os::unix::fs::symlink("../.env", s.join("ui/config.txt")).unwrap();
    std::fs::write(s.join(".envrc"), "export A=1").unwrap();
    std::fs::create_dir_all(s.join("scripts/.env.d")).unwrap();
    std::fs::write(s.join("scripts/.env.d/prod"), "B=2").unwrap();
    let out = aps_pack(tmp.path(), &["build", "s", "--list"]);
    let listed = stdout(&out);
    for secret in ["ui/config.txt", ".envrc", "scripts/.env.d/prod", ".env"] {
        assert!(!listed.lines().any(|l| l == secret), "{secret} would be packaged:\n{listed}");
    }
}

/// A byte-order mark before APP-META.xml does not stop `build`.
#[test]
fn app_meta_with_a_byte_order_mark_builds_and_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let m = tmp.path().join("m");
    example(&m);
    let text = std::fs::read_to_string(m.join("APP-META.xml")).unwrap();
    std::fs::write(m.join("APP-META.xml"), format!("\u{feff}{text}")).unwrap();
    let out = aps_pack(tmp.path(), &["build", "m", "-o", "out.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let out = aps_pack(tmp.path(), &["verify", "out.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
}

/// Files of one package named by different relative paths lint the package once.
#[test]
fn one_package_named_two_ways_is_linted_once() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/lint/broken-package"), &tmp.path().join("p"));
    let cwd = tmp.path().join("p/schemas");
    let out = aps_pack(&cwd, &["lint", "--format", "json", "app.schema", "../APP-META.xml"]);
    let report = json(&out);
    let codes: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    let mut unique = codes.clone();
    unique.dedup();
    assert_eq!(codes, unique, "{report:#}");
}

/// `extend` naming a folder (or a pipe) is a finding at the value, not a hang or an I/O error.
#[test]
fn extend_naming_a_folder_is_a_finding() {
    let tmp = tempfile::tempdir().unwrap();
    example(&tmp.path().join("x"));
    std::fs::write(tmp.path().join("x/aps-pack.toml"), "extend = \"..\"\n").unwrap();
    let out = aps_pack(tmp.path(), &["config", "x"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stderr(&out).contains("CFG001") && stderr(&out).contains("not a regular file"), "{}", show(&out));
}

/// With nothing checked, `lint` does not say "no problems found".
#[test]
fn lint_of_only_a_missing_path_claims_nothing() {
    let out = aps_pack(root(), &["lint", "/nope"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(!stdout(&out).contains("no problems found"), "{}", show(&out));
}

/// `rtfor` given beside `resClass` and in `actParams` with different values is reported.
#[test]
fn two_different_rtfor_values_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&root().join("fixtures/wizard-doc/vpsdemo"), &tmp.path().join("v"));
    let wizard = tmp.path().join("v/scripts/wizard_data.json");
    let text = std::fs::read_to_string(&wizard).unwrap();
    let text = text.replace(
        "               \"resource_uid\": \"idc2922c137c7a58\"",
        "               \"rtfor\": \"http://aps-standard.org/types/core/account/1.0\",\n               \"resource_uid\": \"idc2922c137c7a58\"",
    );
    std::fs::write(&wizard, text).unwrap();
    let out = aps_pack(tmp.path(), &["lint", "v"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(stdout(&out).contains("WIZ116") && stdout(&out).contains("beside `resClass`"), "{}", show(&out));
}

/// `aps-pack config` shows a setting a file sets to its default value, such as a package
/// turning off an inherited `deny-warnings`.
#[test]
fn config_shows_a_setting_returned_to_its_default() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("p")).unwrap();
    std::fs::write(tmp.path().join("aps-pack.toml"), "[lint]\ndeny-warnings = true\n").unwrap();
    std::fs::write(
        tmp.path().join("p/aps-pack.toml"),
        "extend = \"../aps-pack.toml\"\n[lint]\ndeny-warnings = false\n",
    )
    .unwrap();
    let out = aps_pack(tmp.path(), &["config", "p"]);
    assert!(stdout(&out).contains("deny-warnings = false   # from p/aps-pack.toml"), "{}", show(&out));
}
