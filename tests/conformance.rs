//! Real-world conformance: what real controllers accepted, aps-pack accepts.
//!
//! - Every official build in `fixtures/published/` verifies and lints with no error.
//! - Each of them, unpacked (by Python's zipfile, an independent reader), lints with no
//!   error, builds, and the build verifies and holds the official archive's file set, but
//!   for the files the documented default exclusions leave out.
//! - `build` never writes what `verify` rejects: over every package folder of the
//!   repository (fixtures, examples, corpus), a build either refuses or its archive
//!   verifies with no error.
//! - The wizard data documentation's shapes lint clean, and its trailing commas are
//!   reported where they are.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn published() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/published"))
        .expect("fixtures/published")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".app.zip"))
        .collect();
    out.sort();
    assert!(out.len() >= 6, "the published archives are missing: {out:?}");
    out
}

/// Findings at error level in a `--format json` report.
fn errors(o: &std::process::Output) -> Vec<String> {
    json(o)["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| format!("{} {}:{} {}", d["code"], d["file"], d["line"], d["message"]))
        .collect()
}

/// Extract with Python's zipfile and return the file names (folders aside).
fn python_unzip(archive: &Path, to: &Path) -> BTreeSet<String> {
    let script = "import sys, zipfile\n\
                  z = zipfile.ZipFile(sys.argv[1])\n\
                  z.extractall(sys.argv[2])\n\
                  print('\\n'.join(n for n in z.namelist() if not n.endswith('/')))\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(archive)
        .arg(to)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "python3 zipfile: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

/// Files of an archive as Python's zipfile lists them (folders aside).
fn python_names(archive: &Path) -> BTreeSet<String> {
    let script = "import sys, zipfile\n\
                  print('\\n'.join(n for n in zipfile.ZipFile(sys.argv[1]).namelist() if not n.endswith('/')))\n";
    let out =
        std::process::Command::new("python3").args(["-c", script]).arg(archive).output().expect("python3");
    assert!(out.status.success(), "python3 zipfile: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

/// Files an official build holds that aps-pack leaves out on purpose (see
/// `crates/aps-archive/src/select.rs`): git metadata at the package root.
fn left_out_by_design(name: &str) -> bool {
    !name.contains('/') && name.starts_with(".git")
}

#[test]
fn published_archives_verify_and_lint_without_errors() {
    for archive in published() {
        let a = archive.to_string_lossy();
        for cmd in ["verify", "lint"] {
            let o = aps_pack(root(), &[cmd, &a, "--format", "json"]);
            assert_eq!(errors(&o), Vec::<String>::new(), "{cmd} {a}\n{}", show(&o));
            assert_eq!(code(&o), 0, "{cmd} {a}\n{}", show(&o));
        }
    }
}

#[test]
fn published_trees_lint_build_verify_and_keep_their_file_set() {
    for archive in published() {
        let scratch = tempfile::tempdir().expect("scratch");
        let tree = scratch.path().join("tree");
        let official = python_unzip(&archive, &tree);
        let name = archive.file_name().expect("name").to_string_lossy().into_owned();

        let o = aps_pack(scratch.path(), &["lint", "tree", "--format", "json"]);
        assert_eq!(errors(&o), Vec::<String>::new(), "lint of unpacked {name}\n{}", show(&o));

        let o = aps_pack(scratch.path(), &["build", "tree", "-o", "out.app.zip", "--format", "json"]);
        assert_eq!(code(&o), 0, "build of unpacked {name}\n{}", show(&o));
        let built = scratch.path().join("out.app.zip");
        let o = aps_pack(scratch.path(), &["verify", "out.app.zip", "--format", "json"]);
        assert_eq!(errors(&o), Vec::<String>::new(), "verify of the rebuilt {name}\n{}", show(&o));

        let rebuilt: BTreeSet<String> =
            python_names(&built).into_iter().filter(|n| n != "APP-LIST.xml").collect();
        let expected: BTreeSet<String> =
            official.into_iter().filter(|n| n != "APP-LIST.xml" && !left_out_by_design(n)).collect();
        assert_eq!(rebuilt, expected, "file set of the rebuilt {name}");
    }
}

/// Every folder holding APP-META.xml under `dir`.
fn package_folders(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "APP-META.xml")
        .filter_map(|e| e.path().parent().map(Path::to_path_buf))
        .filter(|p| !p.components().any(|c| c.as_os_str() == "snapshots"))
        .collect();
    out.sort();
    out
}

#[test]
fn build_never_writes_what_verify_rejects() {
    let mut packages = package_folders(&root().join("fixtures"));
    packages.extend(package_folders(&root().join("examples")));
    packages.extend(package_folders(&root().join("crates")));
    assert!(packages.len() >= 10, "too few packages found: {packages:?}");
    let mut built = 0;
    for pkg in &packages {
        let scratch = tempfile::tempdir().expect("scratch");
        // A copy, so that a build never writes into the repository.
        let copy = scratch.path().join("pkg");
        copy_tree(pkg, &copy);
        let o = aps_pack(scratch.path(), &["build", "pkg", "-o", "out.app.zip", "--format", "json"]);
        assert!(matches!(code(&o), 0..=2), "build of {} crashed\n{}", pkg.display(), show(&o));
        let out = scratch.path().join("out.app.zip");
        if code(&o) != 0 {
            assert!(!out.exists(), "a refused build of {} left an archive", pkg.display());
            continue;
        }
        built += 1;
        let v = aps_pack(scratch.path(), &["verify", "out.app.zip", "--format", "json"]);
        assert_eq!(errors(&v), Vec::<String>::new(), "build of {} wrote what verify rejects", pkg.display());
    }
    assert!(built >= 8, "only {built} of {} packages built", packages.len());
}

const DOC: &str = "fixtures/wizard-doc/vpsdemo";

#[test]
fn documented_wizard_shapes_lint_without_any_finding() {
    let o = aps_pack(root(), &["lint", DOC, "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let found = json(&o)["diagnostics"].as_array().expect("diagnostics").len();
    assert_eq!(found, 0, "the documentation's shapes give findings\n{}", show(&o));
}

/// The documented wizard package in a scratch folder, its wizard data edited.
fn doc_copy(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let scratch = tempfile::tempdir().expect("scratch");
    copy_tree(&root().join(DOC), &scratch.path().join("vpsdemo"));
    let wizard = scratch.path().join("vpsdemo/scripts/wizard_data.json");
    let text = std::fs::read_to_string(&wizard).expect("wizard data");
    std::fs::write(&wizard, edit(&text)).expect("write wizard data");
    scratch
}

#[test]
fn rtfor_naming_a_type_the_linked_resource_does_not_have_is_an_error_at_that_line() {
    let scratch = doc_copy(|t| {
        t.replace(
            "\"rtfor\": \"http://aps-standard.org/types/core/profile/service/1.0\"",
            "\"rtfor\": \"http://aps-standard.org/types/core/profile/reseller/1.0\"",
        )
    });
    let o = aps_pack(scratch.path(), &["lint", "vpsdemo", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    let report = json(&o);
    let found: Vec<_> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["severity"].clone(), d["line"].clone()))
        .collect();
    assert_eq!(found, vec![("WIZ116".to_string(), "error".into(), 45.into())], "{}", show(&o));
}

#[test]
fn rtfor_inside_act_params_is_read_too() {
    let scratch = doc_copy(|t| {
        t.replace(
            "\"rtfor\": \"http://aps-standard.org/types/core/profile/service/1.0\",\n            \"actParams\": {\n               \"resource_uid\": \"idc2922c137c7a58\"",
            "\"actParams\": {\n               \"rtfor\": \"http://aps-standard.org/samples/vpsdemo/cloud/1.0\",\n               \"resource_uid\": \"idc2922c137c7a58\"",
        )
    });
    let o = aps_pack(scratch.path(), &["lint", "vpsdemo", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(stdout(&o).contains("WIZ116"), "{}", show(&o));
}

#[test]
fn the_documentation_trailing_commas_are_json_syntax_errors_where_they_are() {
    // The profile example ends its `relations` with a comma, the template example its
    // last resource; each is reported at its own line and column.
    let cases = [
        (
            "               \"cloud\": \"idglobals\"\n            }\n",
            "               \"cloud\": \"idglobals\"\n            },\n",
            17,
            14,
        ),
        (
            "               \"rtID\": -500014\n            }\n",
            "               \"rtID\": -500014\n            },\n",
            219,
            14,
        ),
    ];
    for (from, to, line, column) in cases {
        let scratch = doc_copy(|t| {
            assert!(t.contains(from), "the fixture changed: {from}");
            t.replacen(from, to, 1)
        });
        let o = aps_pack(scratch.path(), &["lint", "vpsdemo/scripts/wizard_data.json", "--format", "json"]);
        assert_eq!(code(&o), 1, "{}", show(&o));
        let report = json(&o);
        let d = &report["diagnostics"][0];
        assert_eq!(d["code"], "JSN001", "{}", show(&o));
        assert_eq!((d["line"].clone(), d["column"].clone()), (line.into(), column.into()), "{}", show(&o));
        assert!(d["message"].as_str().unwrap_or("").contains("trailing comma"), "{}", show(&o));
    }
}
