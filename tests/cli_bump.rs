//! `aps-pack bump`: APP-META.xml moves to the next version or release, and nothing else in it
//! changes; values it cannot count are refused with the reason and no write.

mod common;

use common::{aps_pack, copy_tree, root, show, stderr, stdout};

fn package() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    copy_tree(&root().join("examples/hello-cloud"), &tmp.path().join("pkg"));
    tmp
}

#[test]
fn minor_then_release_edit_only_the_two_values_and_the_package_still_builds() {
    let tmp = package();
    let meta = tmp.path().join("pkg/APP-META.xml");
    let before = std::fs::read_to_string(&meta).expect("read");

    let out = aps_pack(tmp.path(), &["bump", "minor", "pkg"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).contains("1.2-3 → 1.3-1"), "{}", show(&out));
    let after = std::fs::read_to_string(&meta).expect("read");
    let expected = before
        .replace("<version>1.2</version>", "<version>1.3</version>")
        .replace("<release>3</release>", "<release>1</release>");
    assert_eq!(after, expected, "only <version> and <release> change");

    let out = aps_pack(tmp.path(), &["bump", "release", "pkg", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["old"], serde_json::json!({"version": "1.3", "release": "1"}));
    assert_eq!(json["new"], serde_json::json!({"version": "1.3", "release": "2"}));
    assert_eq!(json["written"], true);

    let out = common::command(tmp.path())
        .args(["build", "pkg", "--out-dir", "dist"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("build");
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(tmp.path().join("dist/Hello-Cloud-1.3-2.app.zip").is_file(), "{}", show(&out));
}

#[test]
fn a_dry_run_writes_nothing() {
    let tmp = package();
    let meta = tmp.path().join("pkg/APP-META.xml");
    let before = std::fs::read(&meta).expect("read");
    let out = aps_pack(tmp.path().join("pkg").as_path(), &["bump", "major", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(stdout(&out).contains("1.2-3 → 2.0-1 (dry run, not written)"), "{}", show(&out));
    assert_eq!(std::fs::read(&meta).expect("read"), before);
}

#[test]
fn a_value_substituted_at_build_time_is_refused_with_the_reason() {
    let tmp = package();
    let meta = tmp.path().join("pkg/APP-META.xml");
    let text = std::fs::read_to_string(&meta)
        .expect("read")
        .replace("<version>1.2</version>", "<version>%PRODUCT_VERSION%</version>");
    std::fs::write(&meta, &text).expect("write");
    let out = aps_pack(tmp.path(), &["bump", "patch", "pkg"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let err = stderr(&out);
    assert!(err.contains("<version> is `%PRODUCT_VERSION%`, not dot-separated numbers"), "{err}");
    assert!(err.contains("build script"), "{err}");
    assert_eq!(std::fs::read_to_string(&meta).expect("read"), text, "nothing written");
}

#[test]
fn broken_metadata_is_not_rewritten_and_the_error_has_its_place() {
    let tmp = package();
    let meta = tmp.path().join("pkg/APP-META.xml");
    std::fs::write(&meta, "<application xmlns=\"http://aps-standard.org/ns/2\">\n  <version>1.0</version\n")
        .expect("write");
    let out = aps_pack(tmp.path(), &["bump", "release", "pkg"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let err = stderr(&out);
    assert!(err.contains("APP-META.xml:2:"), "{err}");
    assert!(err.contains("not rewritten"), "{err}");
}

#[test]
fn a_number_at_the_integer_limit_is_refused_as_too_large_and_nothing_is_written() {
    let tmp = package();
    let meta = tmp.path().join("pkg/APP-META.xml");
    let text = std::fs::read_to_string(&meta).expect("read");
    let cases = [
        ("<version>1.18446744073709551615</version>", "<release>3</release>", "minor", "<version>"),
        ("<version>1.2</version>", "<release>18446744073709551615</release>", "release", "<release>"),
        ("<version>1.2</version>", "<release>99999999999999999999999</release>", "release", "<release>"),
    ];
    for (version, release, part, element) in cases {
        let edited = text.replace("<version>1.2</version>", version).replace("<release>3</release>", release);
        std::fs::write(&meta, &edited).expect("write");
        let out = aps_pack(tmp.path(), &["bump", part, "pkg"]);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        assert!(stderr(&out).contains(&format!("{element} `")), "{}", show(&out));
        assert!(stderr(&out).contains("too large to count up from"), "{}", show(&out));
        assert!(stdout(&out).is_empty(), "{}", show(&out));
        assert_eq!(std::fs::read_to_string(&meta).expect("read"), edited, "nothing written");
    }
}

/// A link to APP-META.xml stays a link, the file it points at gets the new text, and the
/// file keeps its permissions.
#[cfg(unix)]
#[test]
fn a_linked_app_meta_is_written_through_the_link_keeping_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = package();
    let meta = tmp.path().join("pkg/APP-META.xml");
    let real = tmp.path().join("APP-META.real.xml");
    std::fs::rename(&meta, &real).expect("move");
    std::os::unix::fs::symlink("../APP-META.real.xml", &meta).expect("link");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = aps_pack(tmp.path(), &["bump", "minor", "pkg"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let link = std::fs::symlink_metadata(&meta).expect("stat");
    assert!(link.file_type().is_symlink(), "still a link");
    assert!(std::fs::read_to_string(&real).expect("read").contains("<version>1.3</version>"));
    let mode = std::fs::metadata(&real).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}
