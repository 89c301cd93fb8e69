//! aps-pack.toml settings reach the commands that use them.

mod common;

use common::{copy_tree, root, show};
use std::path::Path;
use std::process::{Command, Output};

fn aps_pack(cwd: &Path, args: &[&str]) -> Output {
    common::command(cwd).args(args).env("SOURCE_DATE_EPOCH", "1700000000").output().expect("run aps-pack")
}

#[test]
fn zstack_defaults_come_from_the_config() {
    let root = root();
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("apps/example.hello.web/x86_64/1.0.0");
    copy_tree(&root.join("examples/zstack/example.hello.web/x86_64/1.0.0"), &app);
    std::fs::write(
        tmp.path().join("apps/aps-pack.toml"),
        "[zstack]\napp-id = \"example.hello.web\"\narch = [\"x86_64\"]\nversions = [\"1.0.0\"]\nrepo = \"../cdn\"\n",
    )
    .unwrap();
    let rel = "apps/example.hello.web/x86_64/1.0.0";
    let out = aps_pack(tmp.path(), &["zstack", "package", rel, "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let bin = tmp.path().join(
        "out/application_no_image_bins/example.hello.web/x86_64/1.0.0/example.hello.web__x86_64__1.0.0__no_images.bin",
    );
    assert!(bin.is_file(), "{}", show(&out));

    std::fs::create_dir(tmp.path().join("cdn")).unwrap();
    let out = aps_pack(tmp.path(), &["zstack", "publish", rel]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(tmp.path().join("cdn/example.hello.web/x86_64/1.0.0/application.tar.gz").is_file());
    assert!(tmp.path().join("cdn/index.json").is_file());

    // A version the config does not list is refused with the list.
    let other = tmp.path().join("apps/example.hello.web/x86_64/2.0.0");
    copy_tree(&app, &other);
    let out = aps_pack(tmp.path(), &["zstack", "package", "apps/example.hello.web/x86_64/2.0.0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(show(&out).contains("listed: 1.0.0"), "{}", show(&out));
}

#[test]
fn build_honours_exclude_globs_and_out_dir() {
    let root = root();
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("pkg");
    copy_tree(&root.join("examples/hello-cloud"), &pkg);
    std::fs::write(pkg.join("notes.bak"), "scratch").unwrap();
    std::fs::write(pkg.join("aps-pack.toml"), "[build]\nexclude = [\"*.bak\"]\nout-dir = \"../dist\"\n")
        .unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let archive = tmp.path().join("dist/Hello-Cloud-1.2-3.app.zip");
    assert!(archive.is_file(), "{}", show(&out));
    let list = Command::new("unzip").arg("-Z1").arg(&archive).output().unwrap();
    let names = String::from_utf8_lossy(&list.stdout);
    assert!(!names.contains("notes.bak") && !names.contains("aps-pack.toml"), "{names}");
    assert!(names.lines().next() == Some("APP-LIST.xml"), "{names}");
}
