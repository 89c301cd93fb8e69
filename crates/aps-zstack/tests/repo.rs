//! Repository rules (ZST2xx): each case builds a clean repository by
//! publishing the `ok` fixture, alters it the smallest way that makes one rule
//! fire, and snapshots what `verify-repo` says.

use aps_diag::{render_human, sort_diagnostics, HumanOptions};
use aps_zstack::repo::{self, Layout, PublishInput, PublishOptions};
use aps_zstack::rules;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const OK_APP: &str = "tests/fixtures/apps/ok";
const IMAGE: &str = "tests/fixtures/images/ok.qcow2";

fn opts() -> PublishOptions {
    PublishOptions {
        force: false,
        mtime: aps_zstack::DEFAULT_EPOCH,
        update_at: 1_700_000_000,
        deny_warnings: false,
    }
}

fn publish_ok(root: &Path, version: &str, app_id: Option<&str>) {
    let input = PublishInput::Dir {
        dir: PathBuf::from(OK_APP),
        display: OK_APP.into(),
        arch: "x86_64".into(),
        version: version.into(),
        app_id: app_id.map(str::to_string),
        image: Some(PathBuf::from(IMAGE)),
    };
    let report =
        repo::publish(root, "repo", &[input], &opts()).unwrap_or_else(|e| panic!("publish: {}", e.message));
    assert_eq!(report.versions.len(), 1);
}

fn layout(entries: &[(&str, &str, &[&str])]) -> Layout {
    let mut l = Layout::new();
    for (app, arch, versions) in entries {
        let v = l.entry(app.to_string()).or_default().entry(arch.to_string()).or_default();
        v.extend(versions.iter().map(|s| s.to_string()));
    }
    l
}

const V1: &str = "example.hello.web/x86_64/1.0";

/// Rewrite manifest.json from the files as they are now.
fn remanifest(root: &Path, paths: &[&str]) {
    let mut entries = BTreeMap::new();
    for p in paths {
        let bytes = std::fs::read(root.join(p)).expect("read");
        use sha2::Digest;
        let sum: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        entries.insert(p.to_string(), repo::ManifestEntry { size: bytes.len() as u64, sha256: sum });
    }
    std::fs::write(root.join(repo::MANIFEST), repo::render_manifest(&entries)).expect("write");
}

type Alter = fn(&Path);

fn cases() -> Vec<(&'static str, Alter)> {
    vec![
        ("ZST120-app-id-folder-mismatch", |_| {}),
        ("ZST201-index-missing", |r| std::fs::remove_file(r.join("index.json")).expect("rm")),
        ("ZST202-index-malformed", |r| {
            std::fs::write(r.join("index.json"), "{\n  \"applications\": {},\n  \"update_at\": \"soon\"\n}")
                .expect("write")
        }),
        ("ZST203-index-entry-without-folder", |r| {
            let l = layout(&[("example.hello.web", "x86_64", &["1.0", "1.1"])]);
            std::fs::write(r.join("index.json"), repo::render_index(&l, 1)).expect("write");
        }),
        ("ZST204-folder-not-in-index", |r| {
            publish_ok(r, "2.0", None);
            let l = layout(&[("example.hello.web", "x86_64", &["1.0"])]);
            std::fs::write(r.join("index.json"), repo::render_index(&l, 1)).expect("write");
        }),
        ("ZST205-index-duplicate", |r| {
            let text = repo::render_index(&layout(&[("example.hello.web", "x86_64", &["1.0"])]), 1)
                .replace("\"1.0\"", "\"1.0\",\n            \"1.0\"");
            std::fs::write(r.join("index.json"), text).expect("write");
        }),
        ("ZST206-index-unsorted", |r| {
            publish_ok(r, "2.0", None);
            let text = repo::render_index(&layout(&[("example.hello.web", "x86_64", &["1.0", "2.0"])]), 1)
                .replace("\"1.0\",\n            \"2.0\"", "\"2.0\",\n            \"1.0\"");
            std::fs::write(r.join("index.json"), text).expect("write");
        }),
        ("ZST207-unindexable-name", |r| std::fs::create_dir_all(r.join("应用/x86_64/1.0")).expect("mkdir")),
        ("ZST210-manifest-missing", |r| std::fs::remove_file(r.join("manifest.json")).expect("rm")),
        ("ZST211-manifest-malformed", |r| {
            let text = std::fs::read_to_string(r.join("manifest.json")).expect("read");
            let text = text.replacen(&format!("\"{V1}/image.qcow2\""), "\"../../etc/passwd\"", 1);
            std::fs::write(r.join("manifest.json"), text).expect("write");
        }),
        ("ZST212-artefact-mismatch", |r| {
            let img = r.join(V1).join("image.qcow2");
            let mut bytes = std::fs::read(&img).expect("read");
            bytes.push(0);
            std::fs::write(img, bytes).expect("write");
        }),
        ("ZST213-artefact-missing", |r| std::fs::remove_file(r.join(V1).join("image.qcow2")).expect("rm")),
        ("ZST214-artefact-not-in-manifest", |r| remanifest(r, &[&format!("{V1}/application.tar.gz")])),
        ("ZST220-version-incomplete", |r| {
            std::fs::create_dir_all(r.join("example.hello.web/x86_64/3.0")).expect("mkdir");
            let l = layout(&[("example.hello.web", "x86_64", &["1.0", "3.0"])]);
            std::fs::write(r.join("index.json"), repo::render_index(&l, 1)).expect("write");
        }),
        ("ZST221-unexpected-repo-entry", |r| {
            std::fs::create_dir_all(r.join("example.hello.web/x86_64/.aps-stage.a1b2c3")).expect("mkdir");
            std::fs::write(r.join(V1).join("notes.txt"), "x").expect("write");
        }),
        ("ZST223-repo-symlink", |r| {
            // Links to /etc and to a real version folder: neither is followed (no ZST204, no walk of /etc).
            std::os::unix::fs::symlink("/etc", r.join("evil")).expect("symlink");
            let v1 = std::fs::canonicalize(r.join(V1)).expect("canonicalize");
            std::os::unix::fs::symlink(v1, r.join("example.hello.web/x86_64/9.9.9")).expect("symlink");
        }),
        ("ZST224-archive-unsafe-member", |r| {
            let app_json = std::fs::read(Path::new(OK_APP).join("application.json")).expect("read");
            let tar = raw_tar(&[
                ("application.json", b'0', "", &app_json),
                ("../../evil.sh", b'0', "", b"#!/bin/sh\n"),
            ]);
            std::fs::write(r.join(V1).join("application.tar.gz"), gzip(&tar)).expect("write");
            remanifest(r, &[&format!("{V1}/application.tar.gz"), &format!("{V1}/image.qcow2")]);
        }),
        ("ZST222-archive-unreadable", |r| {
            std::fs::write(r.join(V1).join("application.tar.gz"), "not gzip").expect("write");
            remanifest(r, &[&format!("{V1}/application.tar.gz"), &format!("{V1}/image.qcow2")]);
        }),
    ]
}

fn verify(root: &Path) -> Vec<aps_diag::Diagnostic> {
    let mut d = repo::verify_repo(root, "repo").unwrap_or_else(|e| panic!("verify: {}", e.message));
    sort_diagnostics(&mut d);
    d
}

#[test]
fn clean_repository_verifies() {
    let tmp = tempfile::tempdir().expect("tmp");
    publish_ok(tmp.path(), "1.0", None);
    let d = verify(tmp.path());
    assert!(d.is_empty(), "{}", render_human(&d, &HumanOptions::default()));
}

#[test]
fn each_repository_rule_fires_on_its_case() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, alter) in cases() {
            let tmp = tempfile::tempdir().expect("tmp");
            let app_id = name.starts_with("ZST120").then_some("hello");
            publish_ok(tmp.path(), "1.0", app_id);
            alter(tmp.path());
            let diags = verify(tmp.path());
            let code = &name[..6];
            assert!(
                diags.iter().any(|d| d.code() == code),
                "{name}: expected {code}, got {:?}",
                diags.iter().map(|d| d.code()).collect::<Vec<_>>()
            );
            let text = render_human(
                &diags,
                &HumanOptions { color: false, unicode: true, width: 100, summary: true },
            );
            insta::assert_snapshot!(format!("repo-{name}"), text);
        }
    });
}

#[test]
fn every_repository_rule_has_a_case() {
    let names: Vec<&str> = cases().into_iter().map(|(n, _)| n).collect();
    for rule in rules::ALL.iter().filter(|r| r.code.starts_with("ZST2")) {
        assert!(names.iter().any(|n| n.starts_with(rule.code)), "{} has no case", rule.code);
    }
}

#[test]
fn index_of_the_corpus_layout_is_zstacks_own_bytes() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::create_dir_all(tmp.path().join("zstack_io_grafana/x86_64/11.2.0")).expect("mkdir");
    let out = repo::regenerate_index(tmp.path(), "repo", 1_731_488_904, true).expect("index");
    assert!(out.changed);
    let corpus = std::fs::read_to_string("../../fixtures/corpus/zstack/index.json").expect("corpus");
    assert_eq!(std::fs::read_to_string(tmp.path().join("index.json")).expect("index"), corpus);
    // Again: nothing to do, and the file (with its update_at) stays as it is.
    let out = repo::regenerate_index(tmp.path(), "repo", 1_800_000_000, true).expect("index");
    assert!(!out.changed);
    assert_eq!(std::fs::read_to_string(tmp.path().join("index.json")).expect("index"), corpus);
}

#[test]
fn a_refused_publish_leaves_no_trace() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    // A folder with errors: nothing may be created, not even the app/arch folders.
    let bad = PublishInput::Dir {
        dir: PathBuf::from("tests/fixtures/apps/ZST102-missing-src"),
        display: "bad".into(),
        arch: "x86_64".into(),
        version: "1.0".into(),
        app_id: None,
        image: None,
    };
    let good = PublishInput::Dir {
        dir: PathBuf::from(OK_APP),
        display: "ok".into(),
        arch: "aarch64".into(),
        version: "1.0".into(),
        app_id: None,
        image: None,
    };
    let e = repo::publish(root, "repo", &[good, bad], &opts()).expect_err("refused");
    assert!(e.refused);
    assert!(e.diagnostics.iter().any(|d| d.code() == "ZST102"));
    assert_eq!(std::fs::read_dir(root).expect("read_dir").count(), 0, "the repository changed");
}

/// A ustar archive written header by header, for names and links no tar
/// writer would produce: `(name, type flag, link target, data)`.
fn raw_tar(entries: &[(&str, u8, &str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, kind, link, data) in entries {
        let mut h = [0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..108].copy_from_slice(b"0000644\0");
        h[108..116].copy_from_slice(b"0000000\0");
        h[116..124].copy_from_slice(b"0000000\0");
        h[124..136].copy_from_slice(format!("{:011o}\0", data.len()).as_bytes());
        h[136..148].copy_from_slice(b"00000000000\0");
        h[156] = *kind;
        h[157..157 + link.len()].copy_from_slice(link.as_bytes());
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| b as u32).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.extend_from_slice(&[0u8; 1024]);
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).expect("gzip");
    enc.finish().expect("gzip")
}

/// Every `application.tar.gz` is read to its end, with or without a manifest
/// vouching for it: truncation and damage anywhere, and members that escape
/// the folder the server unpacks into, are reported.
#[test]
fn verify_repo_reads_every_application_targz_to_its_end() {
    let app_json = std::fs::read(Path::new(OK_APP).join("application.json")).expect("read");
    let good_tar = raw_tar(&[("application.json", b'0', "", &app_json), ("src/main.tf", b'0', "", b"# x\n")]);
    let good = gzip(&good_tar);
    let with =
        |extra: (&str, u8, &str, &[u8])| gzip(&raw_tar(&[("application.json", b'0', "", &app_json), extra]));
    let mut bad_crc = good.clone();
    let at = bad_crc.len() - 8;
    bad_crc[at] ^= 1;
    let mut bad_len = good.clone();
    let at = bad_len.len() - 1;
    bad_len[at] ^= 1;
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"junk");
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("gzip cut short", good[..good.len() - 10].to_vec(), "ZST222", "damaged or truncated"),
        ("gzip CRC-32 wrong", bad_crc, "ZST222", "damaged or truncated"),
        ("gzip length wrong", bad_len, "ZST222", "damaged or truncated"),
        ("bytes after the gzip stream", trailing, "ZST222", "after the end of its gzip stream"),
        ("tar cut inside a member", gzip(&good_tar[..512 + 300]), "ZST222", "truncated"),
        ("tar without end marker", gzip(&good_tar[..good_tar.len() - 1024]), "ZST222", "end-of-archive"),
        (
            "data after the end marker",
            gzip(&[&good_tar[..], b"x"].concat()),
            "ZST222",
            "after the tar end-of-archive",
        ),
        ("climbing name", with(("../../evil.sh", b'0', "", b"x")), "ZST224", "climbs out"),
        ("climbing inside", with(("src/../../evil.sh", b'0', "", b"x")), "ZST224", "climbs out"),
        ("absolute name", with(("/etc/cron.d/evil", b'0', "", b"x")), "ZST224", "absolute path"),
        ("symbolic link out", with(("src/x", b'2', "../../etc", b"")), "ZST224", "symbolic link"),
        ("absolute symbolic link", with(("src/x", b'2', "/etc/passwd", b"")), "ZST224", "symbolic link"),
        ("hard link out", with(("src/x", b'1', "../etc/passwd", b"")), "ZST224", "hard link"),
    ];
    for manifest in ["matching", "none"] {
        for (what, bytes, code, message) in &cases {
            let tmp = tempfile::tempdir().expect("tmp");
            publish_ok(tmp.path(), "1.0", None);
            std::fs::write(tmp.path().join(V1).join("application.tar.gz"), bytes).expect("write");
            match manifest {
                "matching" => remanifest(
                    tmp.path(),
                    &[&format!("{V1}/application.tar.gz"), &format!("{V1}/image.qcow2")],
                ),
                _ => std::fs::remove_file(tmp.path().join("manifest.json")).expect("rm"),
            }
            let diags = verify(tmp.path());
            let found = diags.iter().find(|d| d.code() == *code);
            let shown = render_human(&diags, &HumanOptions::default());
            let found = found.unwrap_or_else(|| panic!("{what}, manifest {manifest}: no {code} in\n{shown}"));
            assert!(found.message.contains(message), "{what}: {shown}");
        }
    }
    // Safe links inside the archive are fine.
    let tmp = tempfile::tempdir().expect("tmp");
    publish_ok(tmp.path(), "1.0", None);
    let safe = gzip(&raw_tar(&[
        ("application.json", b'0', "", &app_json),
        ("src/main.tf", b'0', "", b"# x\n"),
        ("src/a/link", b'2', "../main.tf", b""),
        ("src/hard", b'1', "src/main.tf", b""),
    ]));
    std::fs::write(tmp.path().join(V1).join("application.tar.gz"), safe).expect("write");
    remanifest(tmp.path(), &[&format!("{V1}/application.tar.gz"), &format!("{V1}/image.qcow2")]);
    let diags = verify(tmp.path());
    assert!(diags.is_empty(), "{}", render_human(&diags, &HumanOptions::default()));
}
