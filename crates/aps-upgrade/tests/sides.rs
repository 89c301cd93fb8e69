//! Opening sides: folders, APP-META.xml paths, archives, and PHP source
//! trees whose types are generated from their annotations.

mod common;

use aps_model::PackageSource;
use aps_upgrade::open::{open_package, read_archive};
use common::{clean_upgrade, Pkg};
use std::path::Path;

const PHP_META: &str = r#"<application xmlns="http://aps-standard.org/ns/2" version="2.0">
  <id>http://example.com/php</id>
  <name>PHP app</name>
  <version>1.0</version>
  <release>1</release>
  <upgrade match="version=ge=1.0"/>
  <service id="app">
    <code engine="php" path="scripts/app.php"/>
  </service>
</application>
"#;

const PHP_APP: &str = r#"<?php
require "aps/2/runtime.php";

/**
 * @type("http://example.com/php/app/1.0")
 * @implements("http://aps-standard.org/types/core/application/1.0")
 */
class app extends \APS\ResourceBase
{
    /**
     * @type("string")
     * @title("API URL")
     */
    public $apiUrl;
}
"#;

#[test]
fn php_types_are_generated_before_comparing() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let old = Pkg::base().without("schemas/app.schema").without("schemas/vault.schema");
    let old = old.with("APP-META.xml", PHP_META).with("scripts/app.php", PHP_APP);
    let new = old.clone().version("1.1", "1").edit(
        "scripts/app.php",
        "    public $apiUrl;",
        "    public $apiUrl;\n\n    /**\n     * @type(\"integer\")\n     */\n    public $timeout;",
    );
    old.write(&tmp.path().join("old"));
    new.write(&tmp.path().join("new"));
    let o = open_package(&tmp.path().join("old")).expect("old opens");
    let n = open_package(&tmp.path().join("new")).expect("new opens");
    let (o, n) = (o.package.expect("old loads"), n.package.expect("new loads"));
    assert!(o.types_complete() && n.types_complete());
    let r = aps_upgrade::diff(&o, &n);
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["UPG004"], "{:#?}", r.diagnostics);
    // The finding points into the schema `aps build` would generate for the service.
    assert_eq!(
        r.diagnostics[0].display_path(),
        Some(tmp.path().join("new/schemas/app.schema.gen").to_string_lossy().as_ref())
    );
    let t = &r.types[0];
    assert_eq!(t.members[0].name, "timeout");
}

#[test]
fn a_side_may_be_named_by_its_app_meta() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    Pkg::base().write(&tmp.path().join("old"));
    let opened = open_package(&tmp.path().join("old/APP-META.xml")).expect("opens");
    assert!(opened.package.is_some());
}

#[test]
fn archives_open_into_memory_and_refuse_escapes() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let dir = tmp.path().join("new");
    clean_upgrade().write(&dir);
    let zip = tmp.path().join("new.app.zip");
    let ok = std::process::Command::new("zip")
        .args(["-q", "-r", "-X"])
        .arg(&zip)
        .arg(".")
        .current_dir(&dir)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("`zip` is not available; skipping");
        return;
    }
    let opened = open_package(&zip).expect("archive opens");
    let pkg = opened.package.expect("archive loads");
    assert_eq!(pkg.source.display_root(), zip.to_string_lossy());
    assert_eq!(pkg.registry.package_types().count(), 2);

    // A symbolic link inside the archive is refused (`zip -y` stores it as a link).
    let link_dir = tmp.path().join("linked");
    clean_upgrade().write(&link_dir);
    let linked = std::os::unix::fs::symlink("/etc/passwd", link_dir.join("ui/passwd")).is_ok();
    let evil = tmp.path().join("evil.app.zip");
    let zipped = std::process::Command::new("zip")
        .args(["-q", "-r", "-y", "-X"])
        .arg(&evil)
        .arg(".")
        .current_dir(&link_dir)
        .status()
        .is_ok_and(|s| s.success());
    if linked && zipped {
        let err = open_package(&evil).err().expect("refused");
        assert!(err.message.contains("symbolic link"), "{}", err.message);
    }
    assert!(open_package(Path::new("/nonexistent/package")).is_err());
}

/// Archive entries: name and content.
type Entries<'a> = &'a [(&'a str, &'a [u8])];

/// A stored archive written with aps-archive's zip writer, entry names taken
/// as given (hostile ones included).
fn stored_zip(path: &Path, entries: Entries<'_>) {
    use aps_archive::zipwrite::{central_directory, local_header, EntryRecord, METHOD_STORED};
    let mut out = Vec::new();
    let mut records = Vec::new();
    for (name, data) in entries {
        let record = EntryRecord {
            name: name.to_string(),
            method: METHOD_STORED,
            crc32: crc32fast::hash(data),
            compressed_size: data.len() as u64,
            size: data.len() as u64,
            offset: out.len() as u64,
            is_dir: name.ends_with('/'),
            dos: (0, 0x21),
        };
        out.extend(local_header(&record));
        out.extend_from_slice(data);
        records.push(record);
    }
    let cd_offset = out.len() as u64;
    out.extend(central_directory(&records, cd_offset));
    std::fs::write(path, out).expect("write test archive");
}

#[test]
fn archives_are_read_whole_without_their_folders() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let zip = tmp.path().join("a.app.zip");
    stored_zip(&zip, &[("APP-META.xml", b"<application/>"), ("ui/", b""), ("ui/a.js", b"x")]);
    let source = read_archive(&zip).expect("valid archive");
    assert_eq!(source.files(), ["APP-META.xml", "ui/a.js"]);
    assert_eq!(source.read("ui/a.js").expect("read"), b"x");
}

#[test]
fn archives_with_entries_that_would_be_skipped_are_refused() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let zip = tmp.path().join("evil.app.zip");
    let cases: [(Entries<'_>, &str); 4] = [
        (&[("APP-META.xml", b"<a/>"), ("../evil", b"x")], "`..` component"),
        (&[("/etc/passwd", b"x")], "absolute path"),
        (&[("a", b"x"), ("a", b"y")], "appears twice"),
        (&[("a", b"x"), ("b\\c", b"y")], "backslash"),
    ];
    for (entries, want) in cases {
        stored_zip(&zip, entries);
        let Err(err) = read_archive(&zip) else { panic!("{want}: the archive was accepted") };
        assert!(err.message.starts_with(&zip.to_string_lossy().into_owned()), "{}", err.message);
        assert!(err.message.contains(want), "{} / {want}", err.message);
        assert!(err.help.is_some());
    }
}

#[test]
fn damaged_archives_are_refused() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let zip = tmp.path().join("bad.app.zip");
    std::fs::write(&zip, b"not a zip at all, just long enough").expect("write");
    let Err(err) = read_archive(&zip) else { panic!("a file that is not a zip was accepted") };
    assert!(err.message.contains("not a zip archive"), "{}", err.message);

    stored_zip(&zip, &[("a", b"hello")]);
    let mut bytes = std::fs::read(&zip).expect("read back");
    bytes[30 + 1] ^= 0xff; // the first byte of `a`'s data, after its 30-byte header and 1-byte name
    std::fs::write(&zip, bytes).expect("write");
    let Err(err) = read_archive(&zip) else { panic!("a damaged entry was accepted") };
    assert!(err.message.contains("CRC-32"), "{}", err.message);
}
