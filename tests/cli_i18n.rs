//! Localisation end to end: `build` compiles the catalogs, `lint` reports a stale one,
//! `i18n extract` writes PO files GNU gettext accepts and rewrites nothing on a second run,
//! `localize` builds the add-on package.

mod common;

use common::{aps_pack, code, copy_tree, show};
use std::path::{Path, PathBuf};
use std::process::Command;

const DE_PO: &str = "msgid \"\"\nmsgstr \"\"\n\"Language: de_DE\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\nmsgid \"Overview\"\nmsgstr \"Übersicht\"\n";
const DE_JSON: &str = "{\n  \"Overview\" : \"Übersicht\"\n}";

/// hello-cloud with a UI script that calls `_()`, in a scratch folder.
fn package(tmp: &Path) -> PathBuf {
    let dir = tmp.join("hello-cloud");
    copy_tree(&common::root().join("examples/hello-cloud"), &dir);
    std::fs::write(
        dir.join("ui/overview.js"),
        "define([\"dojo/_base/declare\", \"aps/View\"], function (declare, View) {\n    return declare(View, {\n        init: function () {\n            return [\"aps/Output\", { id: \"users\", label: _('Users'), value: _('${count} users', { count: 1 }) }];\n        }\n    });\n});\n",
    )
    .unwrap();
    dir
}

fn unzip(archive: &Path, member: &str) -> Option<Vec<u8>> {
    let out = Command::new("unzip").arg("-p").arg(archive).arg(member).output().ok()?;
    out.status.success().then_some(out.stdout)
}

#[test]
fn build_compiles_missing_catalogs_and_replaces_stale_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = package(tmp.path());
    std::fs::write(dir.join("i18n/de_DE.po"), DE_PO).unwrap();
    std::fs::write(
        dir.join("i18n/pt_BR.po"),
        DE_PO.replace("de_DE", "pt_BR").replace("Übersicht", "Visão geral"),
    )
    .unwrap();
    // A committed catalog that no longer matches its PO file.
    std::fs::write(dir.join("i18n/pt_BR.json"), "{\n  \"Overview\" : \"Resumo\"\n}").unwrap();

    let lint = aps_pack(tmp.path(), &["lint", "--format", "json", "hello-cloud"]);
    let report = common::json(&lint);
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("LOC")))
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()))
        .collect();
    assert!(found.contains(&("LOC008".into(), "warning".into())), "{report:#}");
    assert!(found.contains(&("LOC009".into(), "info".into())), "{report:#}");

    let out_dir = tmp.path().join("dist");
    let out = Command::new(env!("CARGO_BIN_EXE_aps-pack"))
        .args(["build", "hello-cloud", "--out-dir"])
        .arg(&out_dir)
        .current_dir(tmp.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", show(&out));
    let said = show(&out);
    assert!(said.contains("compiled i18n/de_DE.json from i18n/de_DE.po"), "{said}");
    assert!(said.contains("replaced the stale i18n/pt_BR.json"), "{said}");
    let archive = out_dir.join("Hello-Cloud-1.2-3.app.zip");
    assert_eq!(unzip(&archive, "i18n/de_DE.json").as_deref(), Some(DE_JSON.as_bytes()));
    let pt = String::from_utf8(unzip(&archive, "i18n/pt_BR.json").unwrap()).unwrap();
    assert!(pt.contains("Visão geral"), "{pt}");
    let app_list = String::from_utf8(unzip(&archive, "APP-LIST.xml").unwrap()).unwrap();
    assert!(app_list.contains("i18n/de_DE.json"), "{app_list}");
    let verify = aps_pack(tmp.path(), &["verify", archive.to_str().unwrap()]);
    assert_eq!(code(&verify), 0, "{}", show(&verify));
    // The tree was not touched.
    assert!(!dir.join("i18n/de_DE.json").exists());
}

fn msgfmt_available() -> bool {
    let found = Command::new("msgfmt").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "msgfmt (Debian package gettext) is missing on CI");
        eprintln!("note: msgfmt not found (install gettext); the PO files are not checked by GNU gettext");
    }
    found
}

#[test]
fn extract_writes_po_files_gettext_accepts_and_is_stable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = package(tmp.path());
    let out =
        aps_pack(tmp.path(), &["i18n", "extract", "hello-cloud", "--locale", "de_DE", "--locale", "fr"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let po_path = dir.join("i18n/de_DE.po");
    let first = std::fs::read_to_string(&po_path).unwrap();
    for msgid in
        ["Users", "${count} users", "Overview", "Hello Cloud: a small SaaS sold through an APS controller"]
    {
        assert!(first.contains(&format!("msgid \"{msgid}\"")), "{msgid} missing:\n{first}");
    }
    assert!(first.contains("#: ui/overview.js:4"), "{first}");
    if msgfmt_available() {
        for po in [&po_path, &dir.join("i18n/fr.po")] {
            let check = Command::new("msgfmt").args(["--check", "-o", "/dev/null"]).arg(po).output().unwrap();
            assert!(
                check.status.success(),
                "msgfmt --check {}: {}",
                po.display(),
                String::from_utf8_lossy(&check.stderr)
            );
        }
    }
    // Nothing changed: the second run writes the same bytes.
    let again = aps_pack(tmp.path(), &["i18n", "extract", "hello-cloud"]);
    assert_eq!(code(&again), 0, "{}", show(&again));
    assert!(show(&again).contains("up to date"), "{}", show(&again));
    assert_eq!(std::fs::read_to_string(&po_path).unwrap(), first);

    // A translation is kept, a vanished string turns obsolete, a new one is appended.
    let translated =
        first.replacen("msgid \"Users\"\nmsgstr \"\"", "msgid \"Users\"\nmsgstr \"Benutzer\"", 1);
    assert_ne!(translated, first);
    std::fs::write(&po_path, &translated).unwrap();
    let js = std::fs::read_to_string(dir.join("ui/overview.js")).unwrap();
    std::fs::write(
        dir.join("ui/overview.js"),
        js.replace("_('${count} users', { count: 1 })", "_('Active users')"),
    )
    .unwrap();
    let out = aps_pack(tmp.path(), &["i18n", "extract", "hello-cloud", "--locale", "de_DE"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let merged = std::fs::read_to_string(&po_path).unwrap();
    assert!(merged.contains("msgid \"Users\"\nmsgstr \"Benutzer\""), "{merged}");
    assert!(merged.contains("#~ msgid \"${count} users\""), "{merged}");
    assert!(merged.contains("msgid \"Active users\""), "{merged}");
    let pos = |s: &str| merged.find(s).unwrap();
    assert!(
        pos("msgid \"Users\"") < pos("msgid \"Active users\"")
            && pos("msgid \"Active users\"") < pos("#~ msgid")
    );
    if msgfmt_available() {
        let check =
            Command::new("msgfmt").args(["--check", "-o", "/dev/null"]).arg(&po_path).output().unwrap();
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    }
    let again = aps_pack(tmp.path(), &["i18n", "extract", "hello-cloud", "--locale", "de_DE"]);
    assert_eq!(code(&again), 0, "{}", show(&again));
    assert_eq!(std::fs::read_to_string(&po_path).unwrap(), merged);
}

#[test]
fn compile_writes_catalogs_and_reports_po_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = package(tmp.path());
    std::fs::write(dir.join("i18n/de_DE.po"), DE_PO).unwrap();
    std::fs::write(dir.join("i18n/fr_FR.po"), "msgid \"Overview\"\nmsgstr Vue\n").unwrap();
    let out = aps_pack(tmp.path(), &["i18n", "compile", "hello-cloud"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(show(&out).contains("fr_FR.po:2:8"), "{}", show(&out));
    assert_eq!(std::fs::read_to_string(dir.join("i18n/de_DE.json")).unwrap(), DE_JSON);
    assert!(!dir.join("i18n/fr_FR.json").exists());
}

#[test]
fn localize_builds_the_add_on_package() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    let built = aps_pack(tmp.path(), &["build", "hello-cloud", "--out-dir", "dist"]);
    assert_eq!(code(&built), 0, "{}", show(&built));
    std::fs::write(
        tmp.path().join("es_ES.po"),
        DE_PO.replace("de_DE", "es_ES").replace("Übersicht", "Resumen"),
    )
    .unwrap();
    let out = aps_pack(
        tmp.path(),
        &["localize", "dist/Hello-Cloud-1.2-3.app.zip", "es_ES.po", "--release", "7", "--out-dir", "dist"],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    let addon = tmp.path().join("dist/Hello-Cloud-localization_es_ES-1.2-7.app.zip");
    let verify = aps_pack(tmp.path(), &["verify", addon.to_str().unwrap()]);
    assert_eq!(code(&verify), 0, "{}", show(&verify));
    let lint = aps_pack(tmp.path(), &["lint", "--deny-warnings", addon.to_str().unwrap()]);
    assert_eq!(code(&lint), 0, "{}", show(&lint));
    let meta = String::from_utf8(unzip(&addon, "APP-META.xml").unwrap()).unwrap();
    assert!(
        meta.contains("<master-package>\n        <package id=\"http://example.com/hello-cloud\"/>"),
        "{meta}"
    );
    assert!(meta.contains("<version>1.2</version>") && meta.contains("<release>7</release>"), "{meta}");
    assert_eq!(unzip(&addon, "i18n/es_ES.po").unwrap(), std::fs::read(tmp.path().join("es_ES.po")).unwrap());
    assert_eq!(unzip(&addon, "i18n/es_ES.json").unwrap(), b"{\n  \"Overview\" : \"Resumen\"\n}");
    // A file name that is not a locale is refused with the platform's form suggested.
    std::fs::copy(tmp.path().join("es_ES.po"), tmp.path().join("es-es.po")).unwrap();
    let bad = aps_pack(tmp.path(), &["localize", "dist/Hello-Cloud-1.2-3.app.zip", "es-es.po"]);
    assert_eq!(code(&bad), 2, "{}", show(&bad));
    assert!(show(&bad).contains("es_ES.po"), "{}", show(&bad));
}
