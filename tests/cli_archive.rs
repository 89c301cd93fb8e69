//! `aps-pack build`, `sign`, `verify` and `inspect` end to end: the real
//! binary on real package trees the tests write (a copy of the example
//! package plus generated files), with independent checkers — `xmlsec1` for
//! the signatures, Info-ZIP `zip`/`unzip` for the archives — and test-made
//! hostile archives (zip bomb, zip slip).

mod common;

use aps_archive::zipread::{Limits, ZipArchive};
use common::{code, copy_tree, show};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/hello-cloud");

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = common::command(dir);
    cmd.args(args).env_remove("SOURCE_DATE_EPOCH");
    cmd.env_remove("APS_PACK_PFX_PASSWORD");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("aps-pack runs")
}

fn aps_pack(dir: &Path, args: &[&str]) -> Output {
    run(dir, args, &[])
}

/// Every file under `root`, as `/`-separated relative paths, sorted.
fn files_under(root: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The example package plus real-world-shaped content: nested folders, a
/// binary image, a large text file, a large incompressible file, an empty file.
fn package(tmp: &Path) -> PathBuf {
    let root = tmp.join("pkg");
    copy_tree(Path::new(EXAMPLE), &root);
    let write = |rel: &str, bytes: &[u8]| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    write("ui/lib/vendor/chart.js", "function chart(){return 42}\n".repeat(4000).as_bytes());
    write("images/screenshot.png", &noise(300_000, 7));
    write("scripts/data/big.bin", &noise(6_000_000, 9));
    write("scripts/data/log.txt", "2024-01-01 request served in 12ms\n".repeat(200_000).as_bytes());
    write("ui/empty.txt", b"");
    root
}

fn entries(path: &Path) -> Vec<(String, u32, u16, Vec<u8>)> {
    let (zip, diags) = ZipArchive::open(path, "x", &Limits::default()).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    zip.entries
        .iter()
        .map(|e| {
            let mut raw = Vec::new();
            zip.copy_raw(e, &mut raw).unwrap();
            (e.name.clone(), e.crc32, e.method, raw)
        })
        .collect()
}

fn member(path: &Path, name: &str) -> Vec<u8> {
    let (zip, _) = ZipArchive::open(path, "x", &Limits::default()).unwrap();
    let entry = zip.find(name).unwrap().clone();
    zip.read_to_vec(&entry, u64::MAX).unwrap()
}

fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

// ------------------------------------------------------------------- build

#[test]
fn builds_are_byte_identical_and_a_one_byte_change_touches_only_its_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let root = package(tmp.path());
    let a = aps_pack(tmp.path(), &["build", "pkg", "--out-dir", "a"]);
    assert_eq!(code(&a), 0, "{}", show(&a));
    assert!(String::from_utf8_lossy(&a.stderr).contains("built a/Hello-Cloud-1.2-3.app.zip"), "{}", show(&a));
    // Different file times and a different output folder change nothing.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    for f in ["ui/overview.js", "APP-META.xml"] {
        std::fs::File::options().write(true).open(root.join(f)).unwrap().set_modified(later).unwrap();
    }
    let b = aps_pack(tmp.path(), &["build", "pkg", "--out-dir", "b"]);
    assert_eq!(code(&b), 0, "{}", show(&b));
    let first = tmp.path().join("a/Hello-Cloud-1.2-3.app.zip");
    let second = tmp.path().join("b/Hello-Cloud-1.2-3.app.zip");
    #[cfg(unix)]
    {
        // Like any file the user writes (the umask decides), not owner-only like a temporary file.
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(tmp.path().join("plain"), b"").unwrap();
        let plain = std::fs::metadata(tmp.path().join("plain")).unwrap().permissions().mode();
        let mode = std::fs::metadata(&first).unwrap().permissions().mode();
        assert_eq!(mode, plain, "archive mode {mode:o}, a plain file gets {plain:o}");
    }
    assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap(), "rebuild differs");

    // One byte of one file: only that entry and APP-LIST.xml change.
    let js = root.join("ui/overview.js");
    let mut bytes = std::fs::read(&js).unwrap();
    bytes[10] ^= 0x20;
    std::fs::write(&js, bytes).unwrap();
    let c = aps_pack(tmp.path(), &["build", "pkg", "-o", "c.app.zip"]);
    assert_eq!(code(&c), 0, "{}", show(&c));
    let before = entries(&first);
    let after = entries(&tmp.path().join("c.app.zip"));
    assert_eq!(before.len(), after.len());
    let changed: Vec<&str> =
        before.iter().zip(&after).filter(|(x, y)| x != y).map(|(x, _)| x.0.as_str()).collect();
    assert_eq!(changed, ["APP-LIST.xml", "ui/overview.js"]);
    let list_before = String::from_utf8(member(&first, "APP-LIST.xml")).unwrap();
    let list_after = String::from_utf8(member(&tmp.path().join("c.app.zip"), "APP-LIST.xml")).unwrap();
    let differing: Vec<(&str, &str)> =
        list_before.lines().zip(list_after.lines()).filter(|(x, y)| x != y).collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(differing[0].0.contains("name=\"ui/overview.js\""));

    // SOURCE_DATE_EPOCH sets the timestamps and the packaged attribute, nothing else.
    let d = run(tmp.path(), &["build", "pkg", "-o", "d.app.zip"], &[("SOURCE_DATE_EPOCH", "1666785876")]);
    assert_eq!(code(&d), 0, "{}", show(&d));
    let meta = String::from_utf8(member(&tmp.path().join("d.app.zip"), "APP-META.xml")).unwrap();
    let original = std::fs::read_to_string(root.join("APP-META.xml")).unwrap();
    assert_eq!(meta, original.replacen("<application ", "<application packaged=\"2022-10-26T12:04:36\" ", 1));
    let (zip, _) = ZipArchive::open(&tmp.path().join("d.app.zip"), "d", &Limits::default()).unwrap();
    assert!(zip.entries.iter().all(|e| e.dos == ((12 << 11) | (4 << 5) | 18, (42 << 9) | (10 << 5) | 26)));
}

#[test]
fn archive_layout_follows_the_official_builds() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let path = tmp.path().join("x.app.zip");
    let (zip, _) = ZipArchive::open(&path, "x", &Limits::default()).unwrap();
    let names: Vec<&str> = zip.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names[0], "APP-LIST.xml");
    let mut sorted = names[1..].to_vec();
    sorted.sort();
    assert_eq!(names[1..], sorted[..], "entries after APP-LIST.xml are sorted");
    for dir in
        ["i18n/", "images/", "schemas/", "scripts/", "scripts/data/", "ui/", "ui/lib/", "ui/lib/vendor/"]
    {
        let e = zip.entries.iter().find(|e| e.name == dir).unwrap_or_else(|| panic!("no {dir}"));
        assert_eq!((e.method, e.size, e.external_attr), (0, 0, 0x10), "{dir}");
    }
    for e in &zip.entries {
        assert_eq!(e.made_by, 63, "{}: made by 6.3 on FAT like `aps build`", e.name);
        assert_eq!(e.flags, 0, "{}: no data descriptor, ASCII name", e.name);
        assert_eq!(e.dos, (0, 0x21), "{}: 1980-01-01 00:00", e.name);
        assert_eq!(e.data_offset - e.header_offset, 30 + e.name.len() as u64, "{}: no extra field", e.name);
    }
    // Incompressible data is stored, text is deflated.
    let method = |n: &str| zip.entries.iter().find(|e| e.name == n).unwrap().method;
    assert_eq!(method("scripts/data/big.bin"), 0);
    assert_eq!(method("images/screenshot.png"), 0);
    assert_eq!(method("scripts/data/log.txt"), 8);
    assert_eq!(method("APP-LIST.xml"), 8);

    let list = String::from_utf8(member(&path, "APP-LIST.xml")).unwrap();
    assert!(list.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<files xmlns=\"http://apstandard.com/ns/1\" xmlns:ns2=\"http://www.w3.org/2000/09/xmldsig#\">\n    <file name=\"APP-META.xml\" size=\""
    ));
    assert!(list.ends_with("\"/>\n</files>\n"));
    assert_eq!(list.matches("<file ").count(), zip.entries.iter().filter(|e| !e.is_dir()).count() - 1);
    assert!(!list.contains("name=\"ui/\""), "folders are not listed");
    assert!(list.contains("<file name=\"ui/empty.txt\" size=\"0\" sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"/>"));

    if have("unzip") {
        let t = Command::new("unzip").args(["-tqq"]).arg(&path).output().unwrap();
        assert!(t.status.success(), "Info-ZIP unzip -t: {}", String::from_utf8_lossy(&t.stdout));
        let x = tmp.path().join("extracted");
        let t = Command::new("unzip").args(["-qq", "-d"]).arg(&x).arg(&path).output().unwrap();
        assert!(t.status.success());
        assert_eq!(
            std::fs::read(x.join("scripts/data/big.bin")).unwrap(),
            std::fs::read(tmp.path().join("pkg/scripts/data/big.bin")).unwrap()
        );
    }
}

#[test]
fn file_selection_defaults_and_config_globs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = package(tmp.path());
    for (rel, body) in [
        (".git/HEAD", "ref"),
        (".idea/workspace.xml", "<x/>"),
        ("ui/.DS_Store", "x"),
        ("deployment.xml", "<x/>"),
        ("deploy-image/disk.img", "x"),
        ("old-1.0-1.app.zip", "PK"),
        ("scripts/App.php.bak", "backup"),
        ("tests/unit.php", "<?php"),
        ("scripts/logs/.gitignore", "*"),
    ] {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }
    let config = std::fs::read_to_string(root.join("aps-pack.toml")).unwrap();
    std::fs::write(
        root.join("aps-pack.toml"),
        config.replace(
            "exclude = [\"*.bak\"]",
            "exclude = [\"*.bak\", \"tests/\"]\ninclude = [\".idea/workspace.xml\"]",
        ),
    )
    .unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let list = String::from_utf8(member(&tmp.path().join("x.app.zip"), "APP-LIST.xml")).unwrap();
    for excluded in [
        ".git/",
        ".DS_Store",
        "deployment.xml",
        "deploy-image",
        ".app.zip",
        ".bak",
        "tests/",
        "aps-pack.toml",
    ] {
        assert!(!list.contains(excluded), "{excluded} was packaged:\n{list}");
    }
    for included in ["scripts/logs/.gitignore", ".idea/workspace.xml"] {
        assert!(list.contains(&format!("name=\"{included}\"")), "{included} missing:\n{list}");
    }
}

#[test]
fn lint_errors_stop_the_build_and_leave_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = package(tmp.path());
    let meta = std::fs::read_to_string(root.join("APP-META.xml")).unwrap();
    std::fs::write(root.join("APP-META.xml"), meta.replace("<version>1.2</version>", "")).unwrap();
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "--out-dir", "out"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let all = show(&out);
    assert!(all.contains("build stopped"), "{all}");
    assert!(all.contains("version"), "{all}");
    assert_eq!(std::fs::read_dir(tmp.path().join("out")).unwrap().count(), 0, "nothing written");

    let bad_epoch =
        run(tmp.path(), &["build", "pkg", "--out-dir", "out"], &[("SOURCE_DATE_EPOCH", "yesterday")]);
    assert_eq!(code(&bad_epoch), 2, "{}", show(&bad_epoch));
    assert!(
        show(&bad_epoch).contains("SOURCE_DATE_EPOCH must be a whole, non-negative number"),
        "{}",
        show(&bad_epoch)
    );
}

#[cfg(unix)]
#[test]
fn links_leaving_the_package_and_bad_names_stop_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = package(tmp.path());
    std::fs::write(tmp.path().join("secret.txt"), "password").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("ui/secret.txt")).unwrap();
    std::fs::write(root.join("ui/what?.js"), "x").unwrap();
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "--out-dir", "out", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"PKG004") && codes.contains(&"PKG002"), "{codes:?}");
    assert_eq!(std::fs::read_dir(tmp.path().join("out")).unwrap().count(), 0, "nothing written");
}

#[test]
fn a_stale_committed_app_list_is_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let root = package(tmp.path());
    std::fs::write(
        root.join("APP-LIST.xml"),
        "<?xml version=\"1.0\"?>\n<files xmlns=\"http://apstandard.com/ns/1\">\n    <file name=\"APP-META.xml\" size=\"1\" sha256=\"0000000000000000000000000000000000000000000000000000000000000000\"/>\n</files>\n",
    )
    .unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(show(&out).contains("PKG005"), "{}", show(&out));
    let list = String::from_utf8(member(&tmp.path().join("x.app.zip"), "APP-LIST.xml")).unwrap();
    assert!(list.contains("name=\"ui/overview.js\""), "replaced by the generated list");
    let strict = aps_pack(tmp.path(), &["build", "pkg", "-o", "y.app.zip", "--deny-warnings"]);
    assert_eq!(code(&strict), 1, "{}", show(&strict));
}

// ------------------------------------------------------------------- signing

fn openssl(dir: &Path, args: &[&str]) {
    let out =
        Command::new("openssl").args(args).current_dir(dir).output().expect("openssl must be installed");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A CA, a signer it issued (with a PKCS#12 copy, password `s3cret`), and an ECDSA signer.
fn keys(dir: &Path) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=Vendor CA",
            "-days",
            "30",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "signer.key",
            "-out",
            "signer.csr",
            "-subj",
            "/CN=Vendor Release",
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "signer.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "signer.pem",
            "-days",
            "30",
        ],
    );
    openssl(
        dir,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "signer.key",
            "-in",
            "signer.pem",
            "-certfile",
            "ca.pem",
            "-out",
            "signer.pfx",
            "-passout",
            "pass:s3cret",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "qa.key",
            "-out",
            "qa.pem",
            "-subj",
            "/CN=QA",
            "-days",
            "30",
        ],
    );
}

fn xmlsec1_verify(doc: &Path, trusted: &Path, xpath: Option<&str>) -> Output {
    let mut cmd = Command::new("xmlsec1");
    cmd.args(["--verify", "--trusted-pem"]).arg(trusted);
    if let Some(x) = xpath {
        cmd.args(["--node-xpath", x]);
    }
    cmd.arg(doc).output().expect("xmlsec1 must be installed (apt-get install xmlsec1)")
}

#[test]
fn signed_build_verifies_with_xmlsec1_and_tampering_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    keys(tmp.path());
    let out = aps_pack(
        tmp.path(),
        &[
            "build",
            "pkg",
            "-o",
            "signed.app.zip",
            "--sign-key",
            "signer.key",
            "--sign-cert",
            "signer.pem",
            "--sign-chain",
            "ca.pem",
        ],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(show(&out).contains("signed by `CN=Vendor Release`"), "{}", show(&out));
    // Signing is deterministic with RSA: the same build, the same bytes.
    let again = aps_pack(
        tmp.path(),
        &[
            "build",
            "pkg",
            "-o",
            "again.app.zip",
            "--sign-key",
            "signer.key",
            "--sign-cert",
            "signer.pem",
            "--sign-chain",
            "ca.pem",
        ],
    );
    assert_eq!(code(&again), 0);
    assert_eq!(
        std::fs::read(tmp.path().join("signed.app.zip")).unwrap(),
        std::fs::read(tmp.path().join("again.app.zip")).unwrap()
    );

    let list = member(&tmp.path().join("signed.app.zip"), "APP-LIST.xml");
    let doc = tmp.path().join("APP-LIST.xml");
    std::fs::write(&doc, &list).unwrap();
    let ok = xmlsec1_verify(&doc, &tmp.path().join("ca.pem"), None);
    assert!(ok.status.success(), "xmlsec1 rejects our signature: {}", String::from_utf8_lossy(&ok.stderr));

    // One byte changed in the file list: xmlsec1 refuses it.
    let text_list = String::from_utf8(list).unwrap();
    let at = text_list.find("size=\"").unwrap() + 6;
    let mut tampered = text_list.into_bytes();
    tampered[at] = if tampered[at] == b'9' { b'8' } else { b'9' };
    std::fs::write(&doc, &tampered).unwrap();
    let bad = xmlsec1_verify(&doc, &tmp.path().join("ca.pem"), None);
    assert!(!bad.status.success(), "xmlsec1 accepted a tampered list");

    let verify =
        aps_pack(tmp.path(), &["verify", "signed.app.zip", "--trust", "ca.pem", "--require-signature"]);
    assert_eq!(code(&verify), 0, "{}", show(&verify));
    assert!(show(&verify).contains("1 signature(s): 1 intact, 1 from a trusted signer"), "{}", show(&verify));
    let untrusted = aps_pack(tmp.path(), &["verify", "signed.app.zip", "--trust", "qa.pem"]);
    assert_eq!(code(&untrusted), 1, "{}", show(&untrusted));
    assert!(show(&untrusted).contains("SIG006"), "{}", show(&untrusted));
}

#[test]
fn pkcs12_password_comes_from_the_environment_or_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    keys(tmp.path());
    let args = ["build", "pkg", "-o", "p.app.zip", "--sign-pfx", "signer.pfx"];
    let missing = aps_pack(tmp.path(), &args);
    assert_eq!(code(&missing), 2, "{}", show(&missing));
    assert!(show(&missing).contains("APS_PACK_PFX_PASSWORD"), "{}", show(&missing));
    assert!(!tmp.path().join("p.app.zip").exists());

    let wrong = run(tmp.path(), &args, &[("APS_PACK_PFX_PASSWORD", "nope")]);
    assert_eq!(code(&wrong), 2, "{}", show(&wrong));
    assert!(show(&wrong).contains("wrong password"), "{}", show(&wrong));

    let env = run(tmp.path(), &args, &[("APS_PACK_PFX_PASSWORD", "s3cret")]);
    assert_eq!(code(&env), 0, "{}", show(&env));

    std::fs::write(tmp.path().join("pw.txt"), "s3cret\n").unwrap();
    let custom = run(
        tmp.path(),
        &["build", "pkg", "-o", "q.app.zip", "--sign-pfx", "signer.pfx", "--sign-password-env", "MY_PW"],
        &[("MY_PW", "s3cret")],
    );
    assert_eq!(code(&custom), 0, "{}", show(&custom));
    let file = aps_pack(
        tmp.path(),
        &["build", "pkg", "-o", "r.app.zip", "--sign-pfx", "signer.pfx", "--sign-password-file", "pw.txt"],
    );
    assert_eq!(code(&file), 0, "{}", show(&file));
    for name in ["p.app.zip", "q.app.zip", "r.app.zip"] {
        let v = aps_pack(tmp.path(), &["verify", name, "--trust", "ca.pem", "--require-signature"]);
        assert_eq!(code(&v), 0, "{name}: {}", show(&v));
    }
}

#[test]
fn sign_adds_a_second_signer_and_both_verify_independently() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    keys(tmp.path());
    let build = aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"]);
    assert_eq!(code(&build), 0, "{}", show(&build));
    let unsigned = aps_pack(tmp.path(), &["verify", "x.app.zip", "--require-signature"]);
    assert_eq!(code(&unsigned), 1);
    assert!(show(&unsigned).contains("SIG001"));

    let first = run(
        tmp.path(),
        &["sign", "x.app.zip", "--sign-pfx", "signer.pfx"],
        &[("APS_PACK_PFX_PASSWORD", "s3cret")],
    );
    assert_eq!(code(&first), 0, "{}", show(&first));
    let second = aps_pack(
        tmp.path(),
        &["sign", "x.app.zip", "-o", "y.app.zip", "--sign-key", "qa.key", "--sign-cert", "qa.pem"],
    );
    assert_eq!(code(&second), 0, "{}", show(&second));
    assert!(show(&second).contains("2 signature(s) now"), "{}", show(&second));

    let both = aps_pack(
        tmp.path(),
        &["verify", "y.app.zip", "--require-signature", "--trust", "ca.pem", "--trust", "qa.pem"],
    );
    assert_eq!(code(&both), 0, "{}", show(&both));
    assert!(show(&both).contains("2 signature(s): 2 intact, 2 from a trusted signer"), "{}", show(&both));
    // The files themselves were copied, not recompressed.
    let before = entries(&tmp.path().join("x.app.zip"));
    let after = entries(&tmp.path().join("y.app.zip"));
    assert_eq!(before[1..], after[1..]);

    let doc = tmp.path().join("APP-LIST.xml");
    std::fs::write(&doc, member(&tmp.path().join("y.app.zip"), "APP-LIST.xml")).unwrap();
    let v1 = xmlsec1_verify(&doc, &tmp.path().join("ca.pem"), None);
    assert!(v1.status.success(), "first signature: {}", String::from_utf8_lossy(&v1.stderr));
    let v2 = xmlsec1_verify(
        &doc,
        &tmp.path().join("qa.pem"),
        Some("//*[local-name()='Object']/*[local-name()='Signature']"),
    );
    assert!(v2.status.success(), "second signature: {}", String::from_utf8_lossy(&v2.stderr));

    let inspect = aps_pack(tmp.path(), &["inspect", "y.app.zip", "--format", "json"]);
    assert_eq!(code(&inspect), 0, "{}", show(&inspect));
    let json: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
    let signers: Vec<&str> =
        json["signers"].as_array().unwrap().iter().map(|s| s["signer"].as_str().unwrap()).collect();
    assert_eq!(signers, ["CN=Vendor Release", "CN=QA"]);
}

#[test]
fn sign_refuses_an_archive_that_fails_verification() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    keys(tmp.path());
    assert_eq!(code(&aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"])), 0);
    if !have("zip") {
        panic!("Info-ZIP zip must be installed");
    }
    std::fs::write(tmp.path().join("extra.php"), "<?php evil();").unwrap();
    let z =
        Command::new("zip").args(["-q", "x.app.zip", "extra.php"]).current_dir(tmp.path()).output().unwrap();
    assert!(z.status.success());
    let before = std::fs::read(tmp.path().join("x.app.zip")).unwrap();
    let out = aps_pack(tmp.path(), &["sign", "x.app.zip", "--sign-key", "qa.key", "--sign-cert", "qa.pem"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(show(&out).contains("PKG109"), "{}", show(&out));
    assert_eq!(std::fs::read(tmp.path().join("x.app.zip")).unwrap(), before, "left untouched");
    // Turned off in the configuration, what stopped the signing is still named, as an error.
    std::fs::write(tmp.path().join("aps-pack.toml"), "[rules]\nPKG109 = \"off\"\n").unwrap();
    let out = aps_pack(tmp.path(), &["sign", "x.app.zip", "--sign-key", "qa.key", "--sign-cert", "qa.pem"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(show(&out).contains("PKG109(unlisted-file)"), "{}", show(&out));
    assert!(show(&out).contains("kept as an error although"), "{}", show(&out));
    assert!(!show(&out).contains("no problems found"), "{}", show(&out));
    assert_eq!(std::fs::read(tmp.path().join("x.app.zip")).unwrap(), before, "left untouched");
}

/// A build the tree itself stops says why even when the rule is turned off.
#[cfg(unix)]
#[test]
fn a_build_stopped_by_a_finding_turned_off_still_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    std::fs::write(tmp.path().join("outside.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("outside.txt"), tmp.path().join("pkg/ui/notes.txt")).unwrap();
    std::fs::write(tmp.path().join("pkg/aps-pack.toml"), "[rules]\nPKG004 = \"off\"\n").unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(show(&out).contains("PKG004("), "{}", show(&out));
    assert!(show(&out).contains("kept as an error although"), "{}", show(&out));
    assert!(!show(&out).contains("no problems found"), "{}", show(&out));
    assert!(!show(&out).contains("0 error(s)"), "{}", show(&out));
    assert!(!tmp.path().join("x.app.zip").exists());
}

// ------------------------------------------------------------------- verify

/// A zip written byte by byte (stored entries), for names `zip` will not write.
fn raw_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in data {
            crc ^= *b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    let mut records = Vec::new();
    let mut out = Vec::new();
    for (name, data) in entries {
        let record = aps_archive::zipwrite::EntryRecord {
            name: name.to_string(),
            method: 0,
            crc32: crc32(data),
            compressed_size: data.len() as u64,
            size: data.len() as u64,
            offset: out.len() as u64,
            is_dir: name.ends_with('/'),
            dos: (0, 0x21),
        };
        out.extend(aps_archive::zipwrite::local_header(&record));
        out.extend_from_slice(data);
        records.push(record);
    }
    let cd = aps_archive::zipwrite::central_directory(&records, out.len() as u64);
    out.extend(cd);
    out
}

#[test]
fn verify_refuses_zip_slip_and_zip_bombs_made_here() {
    let tmp = tempfile::tempdir().unwrap();
    let slip = raw_zip(&[
        ("APP-META.xml", b"<application/>"),
        ("../../home/user/.bashrc", b"evil"),
        ("/etc/cron.d/x", b"evil"),
    ]);
    std::fs::write(tmp.path().join("slip.app.zip"), slip).unwrap();
    let out = aps_pack(tmp.path(), &["verify", "slip.app.zip", "--no-lint"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let all = show(&out);
    assert_eq!(all.matches("PKG102").count(), 2, "{all}");
    assert!(all.contains("climbs out of the target folder") && all.contains("absolute path"), "{all}");

    // 80 MiB of zeros, compressed by Info-ZIP about 1000:1.
    assert!(have("zip"), "Info-ZIP zip must be installed");
    std::fs::write(tmp.path().join("zeros.bin"), vec![0u8; 80 << 20]).unwrap();
    let z = Command::new("zip")
        .args(["-q", "-9", "bomb.app.zip", "zeros.bin"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(z.status.success());
    let started = std::time::Instant::now();
    let out = aps_pack(tmp.path(), &["verify", "bomb.app.zip"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "the bomb was expanded");
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(show(&out).contains("PKG104") && show(&out).contains("200:1)"), "{}", show(&out));
    let small =
        aps_pack(tmp.path(), &["verify", "bomb.app.zip", "--max-ratio", "5000", "--max-size", "1000000"]);
    assert!(show(&small).contains("more than the limit of 1000000"), "{}", show(&small));
}

/// Archives laid out like the official tools' (APP-LIST.xml first, folders
/// present, written by another zip writer — Info-ZIP here), with either
/// namespace prefix style, are accepted.
#[test]
fn verify_accepts_archives_in_the_official_layout_from_other_tools() {
    assert!(have("zip"), "Info-ZIP zip must be installed");
    let tmp = tempfile::tempdir().unwrap();
    let root = package(tmp.path());
    std::fs::remove_file(root.join("aps-pack.toml")).unwrap();
    let files = files_under(&root);
    let mut lines = String::new();
    for f in &files {
        let hash = Command::new("sha256sum").arg(root.join(f)).output().unwrap();
        let hex = String::from_utf8_lossy(&hash.stdout).split_whitespace().next().unwrap().to_string();
        let size = std::fs::metadata(root.join(f)).unwrap().len();
        lines.push_str(&format!("    <file name=\"{f}\" size=\"{size}\" sha256=\"{hex}\"/>\n"));
    }
    let official = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<files xmlns=\"http://apstandard.com/ns/1\" xmlns:ns2=\"http://www.w3.org/2000/09/xmldsig#\">\n{lines}</files>\n"
    );
    let swapped = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<ns2:files xmlns=\"http://www.w3.org/2000/09/xmldsig#\" xmlns:ns2=\"http://apstandard.com/ns/1\">\n{}</ns2:files>\n",
        lines.replace("<file ", "<ns2:file ")
    );
    for (name, list) in [("official.app.zip", official), ("swapped.app.zip", swapped)] {
        std::fs::write(root.join("APP-LIST.xml"), list).unwrap();
        let archive = tmp.path().join(name);
        let z = Command::new("zip")
            .args(["-q", "-X"])
            .arg(&archive)
            .arg("APP-LIST.xml")
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(z.status.success());
        let mut args = vec![
            "-q".to_string(),
            "-X".to_string(),
            "-r".to_string(),
            archive.to_string_lossy().into_owned(),
        ];
        args.extend(["APP-META.xml", "i18n", "images", "schemas", "scripts", "ui"].map(String::from));
        let z = Command::new("zip").args(&args).current_dir(&root).output().unwrap();
        assert!(z.status.success(), "{}", String::from_utf8_lossy(&z.stderr));
        let out = aps_pack(tmp.path(), &["verify", name]);
        assert_eq!(code(&out), 0, "{name}: {}", show(&out));
        assert!(show(&out).contains("OK ("), "{}", show(&out));
    }
}

#[test]
fn verify_reports_a_changed_file_and_inspect_summarises() {
    let tmp = tempfile::tempdir().unwrap();
    let root = package(tmp.path());
    assert_eq!(code(&aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"])), 0);
    let good = aps_pack(tmp.path(), &["verify", "x.app.zip"]);
    assert_eq!(code(&good), 0, "{}", show(&good));

    // Replace one file's content inside the archive with Info-ZIP (same name, new bytes).
    assert!(have("zip"), "Info-ZIP zip must be installed");
    let work = tmp.path().join("work");
    std::fs::create_dir_all(work.join("ui")).unwrap();
    std::fs::write(work.join("ui/overview.js"), "alert('changed');\n").unwrap();
    std::fs::copy(tmp.path().join("x.app.zip"), tmp.path().join("changed.app.zip")).unwrap();
    let z = Command::new("zip")
        .args(["-q"])
        .arg(tmp.path().join("changed.app.zip"))
        .arg("ui/overview.js")
        .current_dir(&work)
        .output()
        .unwrap();
    assert!(z.status.success());
    let out = aps_pack(tmp.path(), &["verify", "changed.app.zip", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["message"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "PKG111");
    assert!(found[0].1.contains("`ui/overview.js` holds 18 bytes, APP-LIST.xml says 300"), "{found:?}");

    let human = aps_pack(tmp.path(), &["inspect", "x.app.zip"]);
    assert_eq!(code(&human), 0, "{}", show(&human));
    let h = String::from_utf8_lossy(&human.stdout).into_owned();
    for needle in [
        "x.app.zip (archive)",
        "id:       http://example.com/hello-cloud",
        "version:  1.2-3",
        "tenants",
        "http://example.com/hello-cloud/tenant/1.0",
        "signers:  none (unsigned)",
        "scripts/data/big.bin",
    ] {
        assert!(h.contains(needle), "{needle} missing:\n{h}");
    }
    let folder = aps_pack(tmp.path(), &["inspect", "pkg", "--format", "json"]);
    assert_eq!(code(&folder), 0, "{}", show(&folder));
    let json: serde_json::Value = serde_json::from_slice(&folder.stdout).unwrap();
    assert_eq!(json["kind"], "folder");
    assert_eq!(json["name"], "Hello Cloud");
    assert_eq!(json["services"].as_array().unwrap().len(), 3);
    // What a build would pack: everything but aps-pack.toml (and the `*.bak` it excludes).
    std::fs::write(root.join("notes.bak"), "x").unwrap();
    let folder = aps_pack(tmp.path(), &["inspect", "pkg", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&folder.stdout).unwrap();
    let packed = files_under(&root).len() - 2;
    assert_eq!(json["files"].as_u64().unwrap() as usize, packed);
}

// ------------------------------------------------------- QA regressions

#[test]
fn build_refuses_outputs_that_would_destroy_package_files_or_special_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = package(tmp.path());
    let meta_before = std::fs::read(root.join("APP-META.xml")).unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "pkg/APP-META.xml"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("package's own file `APP-META.xml`"), "{}", show(&out));
    assert_eq!(std::fs::read(root.join("APP-META.xml")).unwrap(), meta_before, "APP-META.xml untouched");

    // Inside the package, the next build would pack it.
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "pkg/ui/out.zip"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(!root.join("ui/out.zip").exists());

    // An existing folder, and a link to a device, are not archive files.
    std::fs::create_dir(tmp.path().join("folder")).unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "folder"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("is a folder"), "{}", show(&out));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/null", tmp.path().join("null.app.zip")).unwrap();
        let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "null.app.zip"]);
        assert_eq!(code(&out), 2, "{}", show(&out));
        assert!(show(&out).contains("not a regular file"), "{}", show(&out));
        assert!(std::fs::symlink_metadata(tmp.path().join("null.app.zip")).unwrap().file_type().is_symlink());
    }

    // --out-dir naming a file says so.
    std::fs::write(tmp.path().join("afile"), "x").unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "--out-dir", "afile"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("out-dir afile is a file"), "{}", show(&out));
}

#[test]
fn sign_output_must_be_a_file_path() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    keys(tmp.path());
    assert_eq!(code(&aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"])), 0);
    std::fs::create_dir(tmp.path().join("ro")).unwrap();
    let args = ["sign", "x.app.zip", "-o", "ro", "--sign-key", "qa.key", "--sign-cert", "qa.pem"];
    let out = aps_pack(tmp.path(), &args);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("-o takes the path of the signed archive file"), "{}", show(&out));
}

#[test]
fn key_and_password_messages_name_the_problem() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    keys(tmp.path());
    assert_eq!(code(&aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"])), 0);
    std::fs::write(tmp.path().join("garbage.bin"), [0xffu8, 0xfe, 0x00, 0x81]).unwrap();
    let out =
        aps_pack(tmp.path(), &["sign", "x.app.zip", "--sign-key", "garbage.bin", "--sign-cert", "qa.pem"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("garbage.bin is not a PEM file"), "{}", show(&out));
    let out = aps_pack(tmp.path(), &["verify", "x.app.zip", "--trust", "garbage.bin"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("garbage.bin is not a PEM file"), "{}", show(&out));
    std::fs::write(tmp.path().join("k.pfx"), "x").unwrap();
    let out = aps_pack(tmp.path(), &["sign", "x.app.zip", "--sign-pfx", "k.pfx"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("APS_PACK_PFX_PASSWORD is not set"), "{}", show(&out));
}

#[test]
fn lint_and_inspect_of_a_hostile_or_tampered_archive_report_it() {
    let tmp = tempfile::tempdir().unwrap();
    package(tmp.path());
    assert_eq!(code(&aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"])), 0);
    let good = tmp.path().join("x.app.zip");
    let (zip, _) = ZipArchive::open(&good, "x", &Limits::default()).unwrap();
    let mut members: Vec<(String, Vec<u8>)> =
        zip.entries.iter().map(|e| (e.name.clone(), zip.read_to_vec(e, u64::MAX).unwrap())).collect();
    drop(zip);
    let write = |name: &str, extra: &[(&str, &[u8])], tamper: bool| {
        let mut all: Vec<(String, Vec<u8>)> = members.clone();
        if tamper {
            let js = all.iter_mut().find(|(n, _)| n == "ui/overview.js").unwrap();
            js.1[0] ^= 1;
        }
        all.extend(extra.iter().map(|(n, d)| (n.to_string(), d.to_vec())));
        let refs: Vec<(&str, &[u8])> = all.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        std::fs::write(tmp.path().join(name), raw_zip(&refs)).unwrap();
    };
    write("slip.app.zip", &[("../evil.txt", b"x")], false);
    write("abs.app.zip", &[("/etc/evil", b"x")], false);
    write("bs.app.zip", &[("..\\evil.txt", b"x")], false);
    write("dup.app.zip", &[("APP-META.xml", b"<application/>")], false);
    write("unlisted.app.zip", &[("extra.txt", b"x")], false);
    write("tampered.app.zip", &[], true);
    members.clear();
    for (name, rule) in [
        ("slip.app.zip", "PKG102"),
        ("abs.app.zip", "PKG102"),
        ("bs.app.zip", "PKG102"),
        ("dup.app.zip", "PKG103"),
        ("unlisted.app.zip", "PKG109"),
        ("tampered.app.zip", "PKG112"),
    ] {
        let out = aps_pack(tmp.path(), &["lint", name]);
        assert_eq!(code(&out), 1, "lint {name}: {}", show(&out));
        assert!(show(&out).contains(rule), "lint {name}: {}", show(&out));
        let out = aps_pack(tmp.path(), &["inspect", name]);
        assert_eq!(code(&out), 1, "inspect {name}: {}", show(&out));
        assert!(show(&out).contains(rule), "inspect {name}: {}", show(&out));
    }
    assert_eq!(code(&aps_pack(tmp.path(), &["lint", "x.app.zip"])), 0);
    assert_eq!(code(&aps_pack(tmp.path(), &["inspect", "x.app.zip"])), 0);
}

#[test]
fn inspect_and_verify_say_what_a_folder_is() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("emptydir")).unwrap();
    let out = aps_pack(tmp.path(), &["inspect", "emptydir"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("not an APS package (no APP-META.xml)"), "{}", show(&out));
    package(tmp.path());
    let out = aps_pack(tmp.path(), &["verify", "pkg"]);
    assert_eq!(code(&out), 2, "{}", show(&out));
    assert!(show(&out).contains("is a folder") && show(&out).contains("aps-pack lint"), "{}", show(&out));
}

/// What a vendor would not ship stays out of the archive, `build --list` prints what goes
/// in, and `build --list -v` says why the rest is left out.
#[test]
fn build_list_and_default_exclusions() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    copy_tree(Path::new(EXAMPLE), &root);
    std::fs::remove_file(root.join("aps-pack.toml")).unwrap();
    let left_out = [
        "model.aird",
        "model.types",
        ".project",
        ".settings/org.eclipse.core.resources.prefs",
        ".git/HEAD",
        ".gitignore",
        ".gitattributes",
        ".idea/workspace.xml",
        ".vscode/settings.json",
        "ui/.DS_Store",
        ".env",
        ".env.local",
        "signing.pem",
        "keys/vendor.key",
        "keys/vendor.pfx",
        "ui/node_modules/lib/index.js",
        ".pre-commit-config.yaml",
        "aps-pack.toml",
        "ui/debug.log",
    ];
    let kept = ["scripts/vendor/cacert.pem", "scripts/logs/.gitignore", "ui/overview.js"];
    for rel in left_out.iter().chain(&kept) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }
    std::fs::write(root.join(".gitignore"), "*.log\n").unwrap();
    std::fs::write(root.join("aps-pack.toml"), "").unwrap();

    let out = aps_pack(tmp.path(), &["build", "pkg", "--list"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let listing = common::stdout(&out);
    let listed: Vec<&str> = listing.lines().collect();
    for rel in &kept {
        assert!(listed.contains(rel), "{rel} not listed:\n{}", show(&out));
    }
    for rel in &left_out {
        assert!(!listed.iter().any(|l| l == rel), "{rel} listed:\n{}", show(&out));
    }
    assert!(listed.contains(&"APP-META.xml") && listed.contains(&"APP-LIST.xml"), "{}", show(&out));
    assert!(!tmp.path().join("Hello-Cloud-1.2-3.app.zip").exists(), "--list wrote an archive");

    let out = aps_pack(tmp.path(), &["build", "pkg", "--list", "--verbose"]);
    let text = common::stdout(&out);
    for (path, why) in [
        ("model.aird", "APS IDE project file"),
        (".git/", "version-control or IDE folder"),
        (".gitignore", "git metadata"),
        (".env.local", "local secrets"),
        ("signing.pem", "outside the package's own folders"),
        ("keys/vendor.pfx", "key or certificate"),
        ("ui/node_modules/", "npm dependencies"),
        ("ui/debug.log", "ignored by .gitignore (`*.log`)"),
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("left out: {path} ")) && l.contains(why)),
            "no reason for {path} ({why}):\n{text}"
        );
    }

    // The archive holds exactly what the list said (Python's zipfile as the reader).
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "x.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let names = Command::new("python3")
        .args(["-c", "import sys,zipfile; print('\\n'.join(n for n in zipfile.ZipFile(sys.argv[1]).namelist() if not n.endswith('/')))"])
        .arg(tmp.path().join("x.app.zip"))
        .output()
        .unwrap();
    let mut in_zip: Vec<String> =
        String::from_utf8_lossy(&names.stdout).lines().map(str::to_string).collect();
    in_zip.sort();
    let mut expected: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(in_zip, expected);
}

/// `--deny-warnings`, and `[lint] deny-warnings` in aps-pack.toml, stop a build before
/// anything is written (an archive already at the target is left as it was).
#[test]
fn denied_warnings_stop_the_build_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    copy_tree(Path::new(EXAMPLE), &root);
    std::fs::write(
        root.join("APP-LIST.xml"),
        "<files xmlns=\"http://apstandard.com/ns/1\"><file name=\"gone.js\" size=\"1\" sha256=\"00\"/></files>",
    )
    .unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "a.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(show(&out).contains("PKG005"), "{}", show(&out));

    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "b.app.zip", "--deny-warnings"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert!(common::stderr(&out).contains("nothing was written"), "{}", show(&out));
    assert!(!tmp.path().join("b.app.zip").exists());

    std::fs::write(tmp.path().join("a.app.zip"), b"previous").unwrap();
    let config = std::fs::read_to_string(root.join("aps-pack.toml")).unwrap_or_default();
    std::fs::write(root.join("aps-pack.toml"), format!("{config}\n[lint]\ndeny-warnings = true\n")).unwrap();
    let out = aps_pack(tmp.path(), &["build", "pkg", "-o", "a.app.zip"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    assert_eq!(std::fs::read(tmp.path().join("a.app.zip")).unwrap(), b"previous");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

// ------------------------------------------------------------------- hardening

fn get32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Build the example package as `out`, signed by the test CA's signer unless `unsigned`.
fn build_example(tmp: &Path, out: &str, signed: bool) {
    if !tmp.join("pkg").exists() {
        copy_tree(Path::new(EXAMPLE), &tmp.join("pkg"));
    }
    let mut args = vec!["build", "pkg", "-o", out];
    if signed {
        args.extend(["--sign-key", "signer.key", "--sign-cert", "signer.pem", "--sign-chain", "ca.pem"]);
    }
    let built = aps_pack(tmp, &args);
    assert_eq!(code(&built), 0, "{}", show(&built));
}

/// One central record more than the end record counts, its size covered by
/// the directory size: Python's zipfile lists (and extracts) it, a reader
/// trusting the count does not see it.
#[test]
fn verify_refuses_a_central_record_beyond_the_declared_count() {
    let tmp = tempfile::tempdir().unwrap();
    keys(tmp.path());
    build_example(tmp.path(), "signed.app.zip", true);
    let genuine = std::fs::read(tmp.path().join("signed.app.zip")).unwrap();
    let eocd = genuine.len() - 22;
    let cd = get32(&genuine, eocd + 16) as usize;
    let count = u16::from_le_bytes([genuine[eocd + 10], genuine[eocd + 11]]);

    let evil = b"<?php system($_GET['c']);";
    let record = aps_archive::zipwrite::EntryRecord {
        name: "scripts/evil.php".into(),
        method: 0,
        crc32: crc32fast::hash(evil),
        compressed_size: evil.len() as u64,
        size: evil.len() as u64,
        offset: cd as u64,
        is_dir: false,
        dos: (0, 0x21),
    };
    let mut local = aps_archive::zipwrite::local_header(&record);
    local.extend_from_slice(evil);
    let mut central = aps_archive::zipwrite::central_directory(std::slice::from_ref(&record), 0);
    central.truncate(central.len() - 22);
    let mut hostile = genuine[..cd].to_vec();
    hostile.extend_from_slice(&local);
    hostile.extend_from_slice(&genuine[cd..eocd]);
    hostile.extend_from_slice(&central);
    let mut end = genuine[eocd..].to_vec();
    let size = get32(&end, 12) + central.len() as u32;
    end[12..16].copy_from_slice(&size.to_le_bytes());
    end[16..20].copy_from_slice(&((cd + local.len()) as u32).to_le_bytes());
    hostile.extend_from_slice(&end);
    std::fs::write(tmp.path().join("hostile.app.zip"), &hostile).unwrap();

    let python = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).namelist())",
            "hostile.app.zip",
        ])
        .current_dir(tmp.path())
        .output();
    if let Ok(python) = python {
        assert!(String::from_utf8_lossy(&python.stdout).contains("scripts/evil.php"), "{python:?}");
    }
    let out =
        aps_pack(tmp.path(), &["verify", "hostile.app.zip", "--trust", "ca.pem", "--require-signature"]);
    assert_eq!(code(&out), 1, "{}", show(&out));
    let expected = format!(
        "the central directory holds {} records but the end record declares {count}: record {} (`scripts/evil.php`)",
        count + 1,
        count + 1
    );
    assert!(common::stdout(&out).replace("\n  │ ", " ").contains(&expected), "{}", show(&out));
    insta::assert_snapshot!("verify_central_record_beyond_count", common::stdout(&out));
}

/// Forged, unsigned and self-signed archives, next to an aps-pack.toml (in a
/// folder above them) that switches the signature rules off.
#[test]
fn configuration_cannot_lower_the_checks_security_flags_ask_for() {
    let tmp = tempfile::tempdir().unwrap();
    keys(tmp.path());
    std::fs::create_dir(tmp.path().join("dist")).unwrap();
    build_example(tmp.path(), "dist/signed.app.zip", true);
    build_example(tmp.path(), "dist/unsigned.app.zip", false);
    let self_signed = aps_pack(
        tmp.path(),
        &["build", "pkg", "-o", "dist/self.app.zip", "--sign-key", "qa.key", "--sign-cert", "qa.pem"],
    );
    assert_eq!(code(&self_signed), 0, "{}", show(&self_signed));

    // Forged: a file replaced, its hash updated in APP-LIST.xml, the signature kept.
    let signed = tmp.path().join("dist/signed.app.zip");
    let (zip, _) = ZipArchive::open(&signed, "x", &Limits::default()).unwrap();
    let new_js = b"steal();\n".to_vec();
    let old_js = member(&signed, "ui/overview.js");
    let hex = |d: &[u8]| {
        use sha2::Digest;
        sha2::Sha256::digest(d).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let list = String::from_utf8(member(&signed, "APP-LIST.xml")).unwrap();
    let old_line = format!("size=\"{}\" sha256=\"{}\"", old_js.len(), hex(&old_js));
    assert!(list.contains(&old_line));
    let forged_list =
        list.replace(&old_line, &format!("size=\"{}\" sha256=\"{}\"", new_js.len(), hex(&new_js)));
    let contents: Vec<(String, Vec<u8>)> = zip
        .entries
        .iter()
        .map(|e| {
            let data = match e.name.as_str() {
                "APP-LIST.xml" => forged_list.clone().into_bytes(),
                "ui/overview.js" => new_js.clone(),
                _ => zip.read_to_vec(e, u64::MAX).unwrap(),
            };
            (e.name.clone(), data)
        })
        .collect();
    let borrowed: Vec<(&str, &[u8])> = contents.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    std::fs::write(tmp.path().join("dist/forged.app.zip"), raw_zip(&borrowed)).unwrap();

    std::fs::write(
        tmp.path().join("aps-pack.toml"),
        "[rules]\nSIG001 = \"off\"\nSIG002 = \"off\"\nSIG006 = \"off\"\nSIG008 = \"off\"\n",
    )
    .unwrap();
    let dist = tmp.path().join("dist");
    for (archive, flags, code_expected) in [
        ("forged.app.zip", vec!["--trust", "../ca.pem"], "SIG002"),
        ("unsigned.app.zip", vec!["--require-signature"], "SIG001"),
        ("self.app.zip", vec!["--trust", "../ca.pem"], "SIG006"),
    ] {
        let mut args = vec!["verify", archive];
        args.extend(flags.iter().copied());
        let out = aps_pack(&dist, &args);
        assert_eq!(code(&out), 1, "{archive}: {}", show(&out));
        assert!(common::stdout(&out).contains(code_expected), "{archive}: {}", show(&out));
        let stderr = common::stderr(&out);
        // Warning-level signature rules are not lowered either.
        for code in [code_expected, "SIG008"] {
            let named = format!("/aps-pack.toml: {code} off (--trust and --require-signature");
            assert!(
                stderr.lines().any(|l| l.starts_with("ignoring ") && l.contains(&named)),
                "{archive}: {}",
                show(&out)
            );
        }
        // An explicit flag still wins over everything.
        let waiver = format!("{code_expected}=off");
        args.extend(["--severity", &waiver]);
        let waived = aps_pack(&dist, &args);
        assert_eq!(code(&waived), 0, "{archive}: {}", show(&waived));
    }
    // Without the flags the configuration applies, and says so.
    let out = aps_pack(&dist, &["verify", "forged.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(
        common::stderr(&out)
            .lines()
            .any(|l| l.starts_with("using ") && l.ends_with("/aps-pack.toml: SIG002 off")),
        "{}",
        show(&out)
    );
    assert!(!common::stderr(&out).contains("SIG008"), "only lowered error rules are named");

    // Every command names configuration that lowers an error-level rule.
    let config = std::fs::read_to_string(tmp.path().join("pkg/aps-pack.toml")).unwrap();
    std::fs::write(
        tmp.path().join("pkg/aps-pack.toml"),
        format!("{config}\n[rules]\nAPS114 = \"warning\"\nJSN002 = \"error\"\n"),
    )
    .unwrap();
    let lint = aps_pack(tmp.path(), &["lint", "pkg"]);
    assert_eq!(code(&lint), 0, "{}", show(&lint));
    assert_eq!(
        common::stderr(&lint).lines().filter(|l| l.starts_with("using ")).collect::<Vec<_>>(),
        ["using pkg/aps-pack.toml: APS114 warning"],
        "{}",
        show(&lint)
    );
}

/// Building or signing with a certificate outside its validity period warns.
#[test]
fn build_and_sign_warn_about_an_expired_signing_certificate() {
    let tmp = tempfile::tempdir().unwrap();
    keys(tmp.path());
    openssl(
        tmp.path(),
        &[
            "x509",
            "-req",
            "-in",
            "signer.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "old.pem",
            "-days",
            "-1",
        ],
    );
    copy_tree(Path::new(EXAMPLE), &tmp.path().join("pkg"));
    let out = aps_pack(
        tmp.path(),
        &["build", "pkg", "-o", "x.app.zip", "--sign-key", "signer.key", "--sign-cert", "old.pem"],
    );
    assert_eq!(code(&out), 0, "{}", show(&out));
    assert!(
        common::stderr(&out).contains("warning: the signing certificate `CN=Vendor Release` expired"),
        "{}",
        show(&out)
    );
    let out = aps_pack(
        tmp.path(),
        &["sign", "x.app.zip", "-o", "y.app.zip", "--sign-key", "signer.key", "--sign-cert", "old.pem"],
    );
    assert!(
        common::stderr(&out).contains("warning: the signing certificate `CN=Vendor Release` expired"),
        "{}",
        show(&out)
    );
    let fresh = aps_pack(
        tmp.path(),
        &["build", "pkg", "-o", "z.app.zip", "--sign-key", "signer.key", "--sign-cert", "signer.pem"],
    );
    assert!(!common::stderr(&fresh).contains("warning:"), "{}", show(&fresh));
}

/// A raw deflate stream of `copies` × `chunk` (and its CRC-32) built from one
/// compressed copy: each copy is flushed with a full flush from a fresh
/// compressor, so it refers to nothing before it and can simply be repeated.
fn repeated_deflate(chunk: &[u8], copies: u64) -> (Vec<u8>, u32) {
    use std::io::Write;
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(chunk).unwrap();
    enc.flush().unwrap();
    let one = enc.get_ref().clone();
    let mut stream = Vec::with_capacity(one.len() * copies as usize + 2);
    let mut crc = crc32fast::Hasher::new();
    let mut one_crc = crc32fast::Hasher::new();
    one_crc.update(chunk);
    for _ in 0..copies {
        stream.extend_from_slice(&one);
        crc.combine(&one_crc);
    }
    // An empty final fixed-Huffman block ends the stream.
    stream.extend_from_slice(&[0x03, 0x00]);
    (stream, crc.finalize())
}

/// A zip of stored entries plus one deflated entry given as its raw stream.
fn zip_with_deflated(
    stored: &[(String, Vec<u8>)],
    name: &str,
    stream: &[u8],
    size: u64,
    crc: u32,
) -> Vec<u8> {
    let mut records = Vec::new();
    let mut out = Vec::new();
    let mut push = |name: &str, method: u16, data: &[u8], size: u64, crc32: u32| {
        let record = aps_archive::zipwrite::EntryRecord {
            name: name.to_string(),
            method,
            crc32,
            compressed_size: data.len() as u64,
            size,
            offset: out.len() as u64,
            is_dir: name.ends_with('/'),
            dos: (0, 0x21),
        };
        out.extend(aps_archive::zipwrite::local_header(&record));
        out.extend_from_slice(data);
        records.push(record);
    };
    for (n, data) in stored {
        push(n, 0, data, data.len() as u64, crc32fast::hash(data));
    }
    push(name, 8, stream, size, crc);
    let cd = aps_archive::zipwrite::central_directory(&records, out.len() as u64);
    out.extend(cd);
    out
}

/// A 1 GiB wizard file in a small archive is refused from the size its entry
/// declares, with the same message as any other oversized metadata file;
/// it is never inflated into memory.
#[test]
fn a_huge_wizard_file_inside_an_archive_is_refused_from_its_declared_size() {
    let tmp = tempfile::tempdir().unwrap();
    let out = aps_pack(tmp.path(), &["build", EXAMPLE, "-o", "small.app.zip"]);
    assert_eq!(code(&out), 0, "{}", show(&out));
    let (zip, _) = ZipArchive::open(&tmp.path().join("small.app.zip"), "x", &Limits::default()).unwrap();
    let wizard = "scripts/wizard_data.json";
    let stored: Vec<(String, Vec<u8>)> = zip
        .entries
        .iter()
        .filter(|e| e.name != wizard)
        .map(|e| (e.name.clone(), zip.read_to_vec(e, 1 << 20).unwrap()))
        .collect();
    let size = 1u64 << 30;
    // JSON whitespace varied enough to stay under the archive's 200:1 bomb
    // limit (about 120:1), so only the metadata size limit can refuse it.
    let mut chunk = vec![b' '; 1 << 20];
    for (i, b) in noise(chunk.len() / 96 + 1, 3).into_iter().enumerate() {
        chunk[i * 96] = b" \n\t\r"[b as usize % 4];
    }
    let (stream, crc) = repeated_deflate(&chunk, size >> 20);
    let big = zip_with_deflated(&stored, wizard, &stream, size, crc);
    assert!(big.len() < 12 << 20, "the archive stays small: {} bytes", big.len());
    std::fs::write(tmp.path().join("big.app.zip"), big).unwrap();
    // The same declared size over a stream damaged half-way: had the refusal
    // come after inflating, this would read as damaged data instead.
    let mut short = stream.clone();
    let half = short.len() / 2;
    short[half..].fill(0);
    std::fs::write(tmp.path().join("short.app.zip"), zip_with_deflated(&stored, wizard, &short, size, crc))
        .unwrap();

    for (cmd, archive) in [("verify", "big"), ("lint", "big"), ("verify", "short"), ("lint", "short")] {
        let archive = format!("{archive}.app.zip");
        let out = aps_pack(tmp.path(), &[cmd, &archive]);
        let all = show(&out);
        assert_eq!(code(&out), 1, "{all}");
        assert!(all.contains("SRC002"), "{all}");
        assert!(all.contains(&format!("{archive}/scripts/wizard_data.json")), "{all}");
        assert!(all.contains("file is 1024 MiB (1073741824 bytes)"), "{all}");
        assert!(all.contains("limited to 64 MiB (67108864 bytes)"), "{all}");
        assert!(all.contains("check the path"), "{all}");
    }
}

/// Temporary files of `dir` (ours are `.NAME.aps-pack-tmp-XXXXXXXX`).
fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".aps-pack-tmp-") || n.starts_with(".aps-pack-") || n.ends_with(".tmp"))
        .collect()
}

/// An interrupted build (SIGINT, SIGTERM) removes its temporary archive and
/// exits non-zero; leftovers of a killed run are removed by the next one.
#[test]
fn an_interrupted_build_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    copy_tree(Path::new(EXAMPLE), &root);
    for i in 0..6 {
        std::fs::write(root.join(format!("scripts/blob{i}.bin")), noise(40 << 20, i)).unwrap();
    }
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for signal in ["INT", "TERM"] {
        let mut child = common::command(tmp.path())
            .args(["build", "pkg", "--out-dir", "out"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the archive's temporary file exists, then interrupt.
        let started = std::time::Instant::now();
        let mut seen = false;
        while started.elapsed() < std::time::Duration::from_secs(60) {
            if !temp_files(&out).is_empty() {
                seen = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert!(seen, "{signal}: the build never wrote its temporary archive");
        let k = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
        assert!(k.success());
        let status = child.wait().unwrap();
        assert!(!status.success(), "{signal}: {status:?}");
        assert_eq!(temp_files(&out), Vec::<String>::new(), "{signal}: left behind");
        assert!(!out.join("Hello-Cloud-1.2-3.app.zip").exists(), "{signal}: no half archive either");
    }

    // A leftover of a run killed outright: removed by the next run once old.
    let leftover = out.join(".Hello-Cloud-1.2-3.app.zip.aps-pack-tmp-0badf00d");
    std::fs::write(&leftover, b"half").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options().write(true).open(&leftover).unwrap().set_modified(old).unwrap();
    let young = out.join(".other.app.zip.aps-pack-tmp-0000cafe");
    std::fs::write(&young, b"in progress elsewhere").unwrap();
    for i in 0..6 {
        std::fs::remove_file(root.join(format!("scripts/blob{i}.bin"))).unwrap();
    }
    let o = aps_pack(tmp.path(), &["build", "pkg", "--out-dir", "out"]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    assert!(!leftover.exists(), "an old leftover is removed");
    assert!(young.exists(), "a recent one may belong to a running build");
}
