//! The verify tamper matrix: every kind of corruption is detected with its own
//! rule and message (snapshots of the rendered findings), on archives the
//! tests write byte by byte — including zip bombs and zip-slip names.
//! Signatures made by the independent `xmlsec1` are checked too.

use aps_archive::applist::{self, ListEntry};
use aps_archive::dsig;
use aps_archive::verify::{verify, VerifyOptions, VerifyReport};
use aps_archive::zipread::Limits;
use aps_diag::{render_human, Diagnostic, HumanOptions};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::process::Command;

// ---------------------------------------------------------------- zip writing

#[derive(Clone)]
struct E {
    name: String,
    data: Vec<u8>,
    deflate: bool,
    declared_size: Option<u64>,
    declared_csize_extra: u64,
    crc: Option<u32>,
    flags: u16,
    method: Option<u16>,
    made_by: u16,
    ext_attr: u32,
    local_name: Option<String>,
    /// Sizes and CRC after the data (flag bit 3), as the official tools write APP-LIST.xml.
    descriptor: bool,
    /// Extra fields, in both headers.
    extra: Vec<u8>,
}

fn e(name: &str, data: &[u8]) -> E {
    E {
        name: name.into(),
        data: data.to_vec(),
        deflate: false,
        declared_size: None,
        declared_csize_extra: 0,
        crc: None,
        flags: if name.is_ascii() { 0 } else { 0x800 },
        method: None,
        made_by: 63,
        ext_attr: if name.ends_with('/') { 0x10 } else { 0 },
        local_name: None,
        descriptor: false,
        extra: Vec::new(),
    }
}

fn deflated(name: &str, data: &[u8]) -> E {
    E { deflate: true, ..e(name, data) }
}

fn zip(entries: &[E]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for en in entries {
        let payload = if en.deflate {
            let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
            enc.write_all(&en.data).unwrap();
            enc.finish().unwrap()
        } else {
            en.data.clone()
        };
        let method = en.method.unwrap_or(if en.deflate { 8 } else { 0 });
        let crc = en.crc.unwrap_or_else(|| crc32fast::hash(&en.data));
        let size = en.declared_size.unwrap_or(en.data.len() as u64) as u32;
        let csize = payload.len() as u32 + en.declared_csize_extra as u32;
        let offset = out.len() as u32;
        let local_name = en.local_name.clone().unwrap_or_else(|| en.name.clone());
        let flags = en.flags | if en.descriptor { 8 } else { 0 };
        let mut h = Vec::new();
        h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for v in [20u16, flags, method, 0, 0x21] {
            h.extend_from_slice(&v.to_le_bytes());
        }
        let local = if en.descriptor { [0, 0, 0] } else { [crc, csize, size] };
        for v in local {
            h.extend_from_slice(&v.to_le_bytes());
        }
        h.extend_from_slice(&(local_name.len() as u16).to_le_bytes());
        h.extend_from_slice(&(en.extra.len() as u16).to_le_bytes());
        h.extend_from_slice(local_name.as_bytes());
        h.extend_from_slice(&en.extra);
        out.extend_from_slice(&h);
        out.extend_from_slice(&payload);
        if en.descriptor {
            for v in [0x0807_4b50u32, crc, csize, size] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for v in [en.made_by, 20, flags, method, 0, 0x21] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [crc, csize, size] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        for v in [en.name.len() as u16, en.extra.len() as u16, 0, 0, 0] {
            central.extend_from_slice(&v.to_le_bytes());
        }
        central.extend_from_slice(&en.ext_attr.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(en.name.as_bytes());
        central.extend_from_slice(&en.extra);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for v in [0u16, 0, entries.len() as u16, entries.len() as u16] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

// ---------------------------------------------------------------- the package

const META: &[u8] = b"<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n<id>http://x/app</id>\n<name>Demo</name>\n<version>1.0</version>\n<release>1</release>\n</application>\n";
const APP_JS: &[u8] = b"console.log('hello');\n";

fn listed(files: &[(&str, &[u8])]) -> String {
    let entries: Vec<ListEntry> = files
        .iter()
        .map(|(n, d)| ListEntry {
            name: n.to_string(),
            size: d.len() as u64,
            sha256: Sha256::digest(d).into(),
        })
        .collect();
    applist::generate(&entries)
}

fn app_list() -> String {
    listed(&[("APP-META.xml", META), ("ui/app.js", APP_JS)])
}

fn good(list: &str) -> Vec<E> {
    vec![
        deflated("APP-LIST.xml", list.as_bytes()),
        deflated("APP-META.xml", META),
        e("ui/", b""),
        deflated("ui/app.js", APP_JS),
    ]
}

fn check(bytes: &[u8], opts: &VerifyOptions) -> VerifyReport {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pkg.app.zip");
    std::fs::write(&path, bytes).unwrap();
    verify(&path, "pkg.app.zip", opts)
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code()).collect()
}

fn render(d: &[Diagnostic]) -> String {
    let mut d = d.to_vec();
    aps_diag::sort_diagnostics(&mut d);
    render_human(&d, &HumanOptions { summary: false, ..HumanOptions::default() })
}

#[test]
fn clean_archive_has_no_findings() {
    let report = check(&zip(&good(&app_list())), &VerifyOptions::default());
    assert!(report.diagnostics.is_empty(), "{}", render(&report.diagnostics));
    assert!(report.checked_content);
    assert_eq!((report.files, report.dirs), (3, 1));
}

/// As `aps build` writes them: APP-LIST.xml first with a data descriptor, the
/// files in no particular order, the folders last; here with the namespace
/// prefixes swapped, as other producers do.
#[test]
fn official_layout_with_data_descriptor_is_accepted() {
    let list = app_list()
        .replace("<files xmlns=\"http://apstandard.com/ns/1\" xmlns:ns2=\"http://www.w3.org/2000/09/xmldsig#\">", "<ns2:files xmlns:ns2=\"http://apstandard.com/ns/1\" xmlns=\"http://www.w3.org/2000/09/xmldsig#\">")
        .replace("<file ", "<ns2:file ")
        .replace("</files>", "</ns2:files>");
    let mut head = deflated("APP-LIST.xml", list.as_bytes());
    head.descriptor = true;
    let z = vec![head, deflated("ui/app.js", APP_JS), deflated("APP-META.xml", META), e("ui/", b"")];
    let report = check(&zip(&z), &VerifyOptions::default());
    assert!(report.diagnostics.is_empty(), "{}", render(&report.diagnostics));
    assert_eq!(report.app_list.unwrap().files.len(), 2);
}

/// (case, archive, options, expected codes)
fn matrix() -> Vec<(&'static str, Vec<u8>, VerifyOptions, Vec<&'static str>)> {
    let list = app_list();
    let d = VerifyOptions::default;
    let mut cases = Vec::new();

    let without_meta = listed(&[("ui/app.js", APP_JS)]);
    let mut z = good(&without_meta);
    z.remove(1);
    cases.push(("missing-app-meta", zip(&z), d(), vec!["PKG006"]));

    let mut z = good(&list);
    z.remove(0);
    cases.push(("missing-app-list", zip(&z), d(), vec!["PKG107"]));

    let mut z = good(&list);
    z.push(deflated("ui/extra.js", b"alert(1)"));
    cases.push(("unlisted-file", zip(&z), d(), vec!["PKG109"]));

    let mut z = good(&list);
    z.remove(3);
    cases.push(("missing-file", zip(&z), d(), vec!["PKG110"]));

    let mut z = good(&list);
    z[3] = deflated("ui/app.js", b"console.log('hello!');\n");
    cases.push(("size-mismatch", zip(&z), d(), vec!["PKG111"]));

    let mut z = good(&list);
    z[3] = deflated("ui/app.js", b"console.log('HELLO');\n");
    cases.push(("hash-mismatch", zip(&z), d(), vec!["PKG112"]));

    let mut z = good(&list);
    z.push(deflated("ui/app.js", b"evil()"));
    cases.push(("duplicate-entry", zip(&z), d(), vec!["PKG103"]));

    let mut z = good(&list);
    for name in ["../../etc/cron.d/evil", "/etc/passwd", "ui\\win.js", "C:/boot.ini", "ui/../../x"] {
        z.push(e(name, b"x"));
    }
    cases.push(("zip-slip", zip(&z), d(), vec!["PKG102"; 5]));

    let mut z = good(&list);
    z.push(deflated("zeros.bin", &vec![0u8; 100 << 20]));
    cases.push(("zip-bomb-ratio", zip(&z), d(), vec!["PKG104"]));

    let small = VerifyOptions { limits: Limits { max_total_size: 100, ..Limits::default() }, ..d() };
    cases.push(("zip-bomb-total-size", zip(&good(&list)), small, vec!["PKG104"]));

    let mut z = good(&list);
    z[1].declared_csize_extra = 40;
    cases.push(("overlapping-entries", zip(&z), d(), vec!["PKG104"]));

    let mut z = good(&list);
    let mut lying = deflated("ui/app.js", &APP_JS.repeat(1000));
    lying.declared_size = Some(APP_JS.len() as u64);
    lying.crc = Some(crc32fast::hash(APP_JS));
    z[3] = lying;
    cases.push(("size-lie", zip(&z), d(), vec!["PKG105"]));

    let mut z = good(&list);
    z[3].crc = Some(0xdead_beef);
    cases.push(("crc-mismatch", zip(&z), d(), vec!["PKG105"]));

    let mut z = good(&list);
    z[3].flags = 1;
    cases.push(("encrypted", zip(&z), d(), vec!["PKG106"]));

    let mut z = good(&list);
    z[3].method = Some(12);
    cases.push(("bzip2-method", zip(&z), d(), vec!["PKG106"]));

    let mut z = good(&list);
    let mut link = e("ui/link", b"/etc/passwd");
    link.made_by = 0x031E;
    link.ext_attr = 0o120777 << 16;
    z.push(link);
    cases.push(("symlink-entry", zip(&z), d(), vec!["PKG106"]));

    let mut z = good(&list);
    z[3].local_name = Some("ui/app.jz".into());
    cases.push(("local-header-mismatch", zip(&z), d(), vec!["PKG101"]));

    let whole = zip(&good(&list));
    cases.push(("truncated", whole[..whole.len() - 30].to_vec(), d(), vec!["PKG101"]));
    cases.push(("not-a-zip", b"<html>404 Not Found</html>\n".to_vec(), d(), vec!["PKG101"]));

    let broken = list.replace("size=\"22\"", "size=\"22 bytes\"");
    cases.push(("app-list-bad-size", zip(&good(&broken)), d(), vec!["PKG108"]));
    cases.push((
        "app-list-not-xml",
        zip(&good("<files xmlns=\"http://apstandard.com/ns/1\"><file")),
        d(),
        vec!["PKG108"],
    ));
    let doctype =
        "<!DOCTYPE files [<!ENTITY big \"xxxxxxxx\">]><files xmlns=\"http://apstandard.com/ns/1\"/>";
    cases.push(("app-list-doctype", zip(&good(doctype)), d(), vec!["PKG108"]));

    let mut z = good(&list);
    z.swap(0, 1);
    cases.push(("app-list-not-first", zip(&z), d(), vec!["PKG113"]));

    let required = VerifyOptions { require_signature: true, ..d() };
    cases.push(("unsigned-but-required", zip(&good(&list)), required, vec!["SIG001"]));
    cases
}

#[test]
fn tamper_matrix() {
    let mut seen_codes = std::collections::BTreeSet::new();
    for (case, bytes, opts, expected) in matrix() {
        let report = check(&bytes, &opts);
        let mut got = codes(&report.diagnostics);
        got.sort();
        let mut want = expected.clone();
        want.sort();
        assert_eq!(got, want, "{case}:\n{}", render(&report.diagnostics));
        seen_codes.extend(got);
        insta::assert_snapshot!(format!("tamper__{case}"), render(&report.diagnostics));
    }
    // Every archive rule is exercised.
    for code in [
        "PKG006", "PKG101", "PKG102", "PKG103", "PKG104", "PKG105", "PKG106", "PKG107", "PKG108", "PKG109",
        "PKG110", "PKG111", "PKG112", "PKG113", "SIG001",
    ] {
        assert!(seen_codes.contains(code), "{code} not covered");
    }
}

#[test]
fn zip_bomb_is_refused_without_expanding() {
    // 1 GiB of zeros compresses to about 1 MiB; the archive says so, and is refused at once.
    let mut z = good(&app_list());
    let mut bomb = deflated("zeros.bin", &vec![0u8; 4 << 20]);
    bomb.declared_size = Some(1 << 30);
    z.push(bomb);
    let start = std::time::Instant::now();
    let report = check(&zip(&z), &VerifyOptions::default());
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    assert!(!report.checked_content);
    assert_eq!(codes(&report.diagnostics), ["PKG104"]);
    assert!(report.diagnostics[0].message.contains("1073741824"), "{}", report.diagnostics[0].message);
}

// ---------------------------------------------------------------- signatures

fn openssl(dir: &Path, args: &[&str]) {
    let out =
        Command::new("openssl").args(args).current_dir(dir).output().expect("openssl must be installed");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

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
            "/CN=Test CA",
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
            "/CN=Test Signer",
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
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "other.key",
            "-out",
            "other.pem",
            "-subj",
            "/CN=Other",
            "-days",
            "30",
        ],
    );
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn signer(dir: &Path) -> aps_archive::keys::Signer {
    aps_archive::keys::Signer::from_pem(
        &read(dir, "signer.key"),
        &read(dir, "signer.pem"),
        Some(&read(dir, "ca.pem")),
    )
    .unwrap()
}

fn trust(dir: &Path, name: &str) -> Vec<Vec<u8>> {
    aps_archive::keys::certificates_from_pem(&read(dir, name)).unwrap()
}

#[test]
fn signature_matrix() {
    let dir = tempfile::tempdir().unwrap();
    keys(dir.path());
    let signed = aps_archive::sign::sign_all(&app_list(), &[signer(dir.path())]).unwrap();
    let trusted = |name: &str| VerifyOptions {
        signatures: dsig::VerifyOptions { trust: trust(dir.path(), name), now: None },
        ..Default::default()
    };
    let report = check(&zip(&good(&signed)), &trusted("ca.pem"));
    assert!(report.diagnostics.is_empty(), "{}", render(&report.diagnostics));
    assert_eq!(report.signatures.len(), 1);
    assert_eq!(report.signatures[0].trusted, Some(true));
    assert_eq!(report.signatures[0].signer.as_deref(), Some("CN=Test Signer"));

    let sig_start = signed.find("<ns2:SignatureValue>").unwrap() + "<ns2:SignatureValue>".len();
    let mut broken_value = signed.clone();
    let flipped = if &signed[sig_start..sig_start + 1] == "A" { "B" } else { "A" };
    broken_value.replace_range(sig_start..sig_start + 1, flipped);
    let start_of_value = signed.find("        <ns2:SignatureValue>").unwrap();
    let end_of_value = signed.find("</ns2:SignatureValue>\n").unwrap() + "</ns2:SignatureValue>\n".len();
    let mut no_value = signed.clone();
    no_value.replace_range(start_of_value..end_of_value, "");
    let far_future = 4_102_444_800; // 2100-01-01

    let cases: Vec<(&str, String, VerifyOptions, Vec<&str>)> = vec![
        (
            "sig-digest-mismatch",
            signed.replacen("\n    <file", "\n     <file", 1),
            VerifyOptions::default(),
            vec!["SIG002"],
        ),
        ("sig-value-invalid", broken_value, VerifyOptions::default(), vec!["SIG003"]),
        ("sig-malformed", no_value, VerifyOptions::default(), vec!["SIG004"]),
        (
            "sig-unsupported",
            signed.replacen(aps_archive::c14n::EXC_C14N, "http://www.w3.org/TR/1999/REC-xslt-19991116", 1),
            VerifyOptions::default(),
            vec!["SIG005"],
        ),
        ("sig-untrusted", signed.clone(), trusted("other.pem"), vec!["SIG006"]),
        (
            "sig-expired",
            signed.clone(),
            VerifyOptions {
                signatures: dsig::VerifyOptions { trust: trust(dir.path(), "ca.pem"), now: Some(far_future) },
                ..Default::default()
            },
            vec!["SIG007"],
        ),
    ];
    for (case, list, opts, expected) in cases {
        let report = check(&zip(&good(&list)), &opts);
        assert_eq!(codes(&report.diagnostics), expected, "{case}:\n{}", render(&report.diagnostics));
        let text = render(&report.diagnostics);
        // Certificate dates change with every run; keep the snapshot stable.
        let text = stable(&regex_free_dates(&text));
        insta::assert_snapshot!(format!("tamper__{case}"), text);
    }
}

/// Keys are made afresh on every run: replace Base64 runs (signature values,
/// certificates) with a placeholder.
fn stable(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=' {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() >= 40 { "<base64>" } else { &run });
        run.clear();
        out.push(c);
    }
    out.push_str(if run.len() >= 40 { "<base64>" } else { &run });
    out
}

/// Replace `YYYY-MM-DDTHH:MM:SSZ` stamps with a placeholder.
fn regex_free_dates(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let stamp = bytes.len() >= i + 20
            && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && bytes[i + 4] == b'-'
            && bytes[i + 10] == b'T'
            && bytes[i + 19] == b'Z';
        if stamp {
            out.push_str("<date>");
            i += 20;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// A signature made by xmlsec1 (inclusive C14N, RSA-SHA1, only the enveloped
/// transform) verifies here; SHA-1 draws a warning.
#[test]
fn xmlsec1_signatures_verify_here() {
    let dir = tempfile::tempdir().unwrap();
    keys(dir.path());
    for (alg, digest, c14n, expected) in [
        (
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2000/09/xmldsig#sha1",
            aps_archive::c14n::C14N10,
            vec!["SIG008", "SIG008"],
        ),
        (
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmlenc#sha256",
            aps_archive::c14n::EXC_C14N,
            vec![],
        ),
    ] {
        let template = app_list().replace(
            "</files>\n",
            &format!(
                "    <ns2:Signature>\n        <ns2:SignedInfo>\n            <ns2:CanonicalizationMethod Algorithm=\"{c14n}\"/>\n\
                 \x20           <ns2:SignatureMethod Algorithm=\"{alg}\"/>\n            <ns2:Reference URI=\"\">\n\
                 \x20               <ns2:Transforms><ns2:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></ns2:Transforms>\n\
                 \x20               <ns2:DigestMethod Algorithm=\"{digest}\"/>\n                <ns2:DigestValue/>\n\
                 \x20           </ns2:Reference>\n        </ns2:SignedInfo>\n        <ns2:SignatureValue/>\n\
                 \x20       <ns2:KeyInfo><ns2:X509Data><ns2:X509Certificate/></ns2:X509Data></ns2:KeyInfo>\n    </ns2:Signature>\n</files>\n"
            ),
        );
        std::fs::write(dir.path().join("template.xml"), template).unwrap();
        let out = Command::new("xmlsec1")
            .args([
                "--sign",
                "--privkey-pem",
                "signer.key,signer.pem",
                "--output",
                "signed.xml",
                "template.xml",
            ])
            .current_dir(dir.path())
            .output()
            .expect("xmlsec1 must be installed (apt-get install xmlsec1)");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let signed = read(dir.path(), "signed.xml");
        let report = check(
            &zip(&good(&signed)),
            &VerifyOptions {
                signatures: dsig::VerifyOptions { trust: trust(dir.path(), "ca.pem"), now: None },
                ..Default::default()
            },
        );
        assert_eq!(codes(&report.diagnostics), expected, "{alg}:\n{}", render(&report.diagnostics));
        assert!(report.signatures[0].valid);
        assert_eq!(report.signatures[0].trusted, Some(true));
    }
}

/// Hostile APP-LIST.xml shapes end in findings, not in a crash or a hang.
#[test]
fn hostile_app_lists() {
    let deep = format!(
        "<files xmlns=\"http://apstandard.com/ns/1\">{}{}</files>",
        "<x>".repeat(100_000),
        "</x>".repeat(100_000)
    );
    let report = check(&zip(&good(&deep)), &VerifyOptions::default());
    assert!(codes(&report.diagnostics).contains(&"PKG108"), "{}", render(&report.diagnostics));

    let sig = "<ns2:Signature><ns2:SignedInfo/></ns2:Signature>";
    let many = app_list().replace("</files>", &format!("{}</files>", sig.repeat(5_000)));
    let started = std::time::Instant::now();
    let report = check(&zip(&good(&many)), &VerifyOptions::default());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let found = codes(&report.diagnostics);
    assert_eq!(found.iter().filter(|c| **c == "SIG004").count(), 16, "{found:?}");
    assert_eq!(found.iter().filter(|c| **c == "SIG005").count(), 1, "{found:?}");
}

/// Damaged archives of every shape end in findings, never in a panic: flip,
/// drop and duplicate bytes of a good (signed) archive at random places.
#[test]
fn random_damage_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    keys(dir.path());
    let signed = aps_archive::sign::sign_all(&app_list(), &[signer(dir.path())]).unwrap();
    let good_bytes = zip(&good(&signed));
    let path = dir.path().join("damaged.app.zip");
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    for round in 0..400 {
        let mut bytes = good_bytes.clone();
        for _ in 0..=next(4) {
            let at = next(bytes.len());
            match next(3) {
                0 => bytes[at] ^= 1 << next(8),
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, bytes[at]),
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        let report = verify(&path, "damaged.app.zip", &VerifyOptions::default());
        if bytes != good_bytes {
            assert!(
                !report.diagnostics.is_empty() || report.signatures.iter().all(|s| s.valid),
                "round {round}: damage went unnoticed"
            );
        }
    }
}

// ---------------------------------------------------------------- every byte accounted for

fn get16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
fn get32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}
fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// `(offset of each central record, directory offset, end record offset)` of an
/// archive without comment or zip64 records.
fn layout(bytes: &[u8]) -> (Vec<usize>, usize, usize) {
    let eocd = bytes.len() - 22;
    assert_eq!(get32(bytes, eocd), 0x0605_4b50);
    let cd = get32(bytes, eocd + 16) as usize;
    let mut records = Vec::new();
    let mut pos = cd;
    while pos < eocd {
        records.push(pos);
        pos += 46
            + get16(bytes, pos + 28) as usize
            + get16(bytes, pos + 30) as usize
            + get16(bytes, pos + 32) as usize;
    }
    (records, cd, eocd)
}

/// Insert `payload` at `at` (before the central directory), moving the local
/// header offsets and the directory offset that follow it.
fn insert_before_directory(bytes: &[u8], at: usize, payload: &[u8]) -> Vec<u8> {
    let (records, cd, eocd) = layout(bytes);
    assert!(at <= cd);
    let mut out = bytes.to_vec();
    for r in records {
        let offset = get32(&out, r + 42) as usize;
        if offset >= at {
            put32(&mut out, r + 42, (offset + payload.len()) as u32);
        }
    }
    put32(&mut out, eocd + 16, (cd + payload.len()) as u32);
    out.splice(at..at, payload.iter().copied());
    out
}

/// A stored local entry: header and data.
fn local_entry(name: &str, data: &[u8]) -> Vec<u8> {
    let mut h = Vec::new();
    h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    for v in [20u16, 0, 0, 0, 0x21] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    for v in [crc32fast::hash(data), data.len() as u32, data.len() as u32] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.extend_from_slice(&(name.len() as u16).to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes());
    h.extend_from_slice(name.as_bytes());
    h.extend_from_slice(data);
    h
}

/// The central record of a stored entry at `offset`.
fn central_record(name: &str, data: &[u8], offset: u32) -> Vec<u8> {
    let mut c = Vec::new();
    c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    for v in [63u16, 20, 0, 0, 0, 0x21] {
        c.extend_from_slice(&v.to_le_bytes());
    }
    for v in [crc32fast::hash(data), data.len() as u32, data.len() as u32] {
        c.extend_from_slice(&v.to_le_bytes());
    }
    for v in [name.len() as u16, 0, 0, 0, 0] {
        c.extend_from_slice(&v.to_le_bytes());
    }
    c.extend_from_slice(&0u32.to_le_bytes());
    c.extend_from_slice(&offset.to_le_bytes());
    c.extend_from_slice(name.as_bytes());
    c
}

const EVIL: &[u8] = b"<?php system($_GET['c']);";

fn signed_archive(dir: &Path) -> Vec<u8> {
    keys(dir);
    let signed = aps_archive::sign::sign_all(&app_list(), &[signer(dir)]).unwrap();
    let bytes = zip(&good(&signed));
    let report = check(&bytes, &trusted_by(dir, "ca.pem"));
    assert!(report.diagnostics.is_empty(), "{}", render(&report.diagnostics));
    bytes
}

fn trusted_by(dir: &Path, name: &str) -> VerifyOptions {
    VerifyOptions {
        signatures: dsig::VerifyOptions { trust: trust(dir, name), now: None },
        require_signature: true,
        ..Default::default()
    }
}

/// `offset 1234` as `offset <n>` (also when the number was wrapped onto the next line).
fn stable_offsets(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("offset") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\n', '│']).len();
        let digits = rest[gap..].len() - rest[gap..].trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if gap > 0 && digits > 0 {
            out.push_str(&rest[..gap]);
            out.push_str("<n>");
            rest = &rest[gap + digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Hidden content around a signed archive's entries: each refused with its own message.
#[test]
fn every_byte_of_the_archive_is_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let genuine = signed_archive(dir.path());
    let opts = trusted_by(dir.path(), "ca.pem");
    let (records, cd, eocd) = layout(&genuine);
    let second_entry = get32(&genuine, records[1] + 42) as usize;
    let hidden = local_entry("scripts/evil.php", EVIL);
    let mut cases: Vec<(&str, Vec<u8>, Vec<&str>, &str)> = vec![
        (
            "hidden-entry-before-first",
            insert_before_directory(&genuine, 0, &hidden),
            vec!["PKG101"],
            "a local entry `scripts/evil.php` at offset 0 (before the first entry)",
        ),
        (
            "hidden-entry-between-entries",
            insert_before_directory(&genuine, second_entry, &hidden),
            vec!["PKG101"],
            "(after `APP-LIST.xml`) has no central directory record",
        ),
        (
            "hidden-entry-before-directory",
            insert_before_directory(&genuine, cd, &hidden),
            vec!["PKG101"],
            "(after `ui/app.js`, before the central directory) has no central directory record",
        ),
        (
            "junk-between-entries",
            insert_before_directory(&genuine, second_entry, b"\0\0\0\0\0\0\0\0"),
            vec!["PKG101"],
            "8 bytes at offset",
        ),
        (
            "trailing-data",
            [genuine.as_slice(), hidden.as_slice()].concat(),
            vec!["PKG101"],
            "after the end-of-central-directory record belong to no entry",
        ),
    ];

    // The directory size covers one more record than the end record counts:
    // Python's zipfile and unzip list it, a count-trusting reader does not.
    let mut extra = insert_before_directory(&genuine, cd, &hidden);
    let cd_moved = cd + hidden.len();
    let eocd_moved = eocd + hidden.len();
    let record = central_record("scripts/evil.php", EVIL, cd as u32);
    extra.splice(eocd_moved..eocd_moved, record.iter().copied());
    let eocd_now = extra.len() - 22;
    let size = get32(&extra, eocd_now + 12) + record.len() as u32;
    put32(&mut extra, eocd_now + 12, size);
    assert_eq!(get32(&extra, eocd_now + 16) as usize, cd_moved);
    cases.push((
        "central-record-beyond-count",
        extra,
        vec!["PKG101"],
        "the central directory holds 5 records but the end record declares 4: record 5 (`scripts/evil.php`)",
    ));

    // A directory that ends before the end record.
    let mut short = genuine.clone();
    let size = get32(&short, eocd + 12) - 1;
    put32(&mut short, eocd + 12, size);
    cases.push(("directory-size-short", short, vec!["PKG101"], "1 byte between them belongs to no record"));

    // Local header and central record disagree, without a data descriptor.
    let app_js = get32(&genuine, records[3] + 42) as usize;
    let mut crc = genuine.clone();
    crc[app_js + 14] ^= 1;
    cases.push((
        "local-crc-differs",
        crc,
        vec!["PKG101"],
        "gives a different CRC-32 than the central directory",
    ));
    let mut flags = genuine.clone();
    flags[app_js + 6] |= 0x02;
    cases.push((
        "local-flags-differ",
        flags,
        vec!["PKG101"],
        "has flags 0x0002, the central directory 0x0000",
    ));
    let mut size = genuine.clone();
    let v = get32(&size, app_js + 22) + 1;
    put32(&mut size, app_js + 22, v);
    cases.push((
        "local-size-differs",
        size,
        vec!["PKG101"],
        "gives a different size than the central directory",
    ));

    for (case, bytes, expected, message) in cases {
        let report = check(&bytes, &opts);
        assert_eq!(codes(&report.diagnostics), expected, "{case}:\n{}", render(&report.diagnostics));
        assert!(report.diagnostics[0].message.contains(message), "{case}: {}", report.diagnostics[0].message);
        assert!(report.diagnostics[0].help.is_some(), "{case}: no hint");
        // Certificates made afresh differ by a byte or two: offsets move.
        insta::assert_snapshot!(format!("accounted__{case}"), stable_offsets(&render(&report.diagnostics)));
    }
}

/// 100,001 entries without zip64 records: the 16-bit count wraps to 34,465.
#[test]
fn a_wrapped_entry_count_is_refused() {
    let mut z = good(&app_list());
    for i in 0..100_001 - z.len() {
        z.push(e(&format!("f/{i}"), b""));
    }
    let bytes = zip(&z);
    let eocd = bytes.len() - 22;
    assert_eq!(get16(&bytes, eocd + 10), 34_465, "the writer wraps the count like a careless tool");
    let report = check(&bytes, &VerifyOptions::default());
    assert!(!report.checked_content);
    assert_eq!(codes(&report.diagnostics), ["PKG101"], "{}", render(&report.diagnostics));
    insta::assert_snapshot!("accounted__wrapped-count", render(&report.diagnostics));

    // Under the entry limit, the same wrap is refused for what it is.
    let mut z = good(&app_list());
    for i in 0..70_000 - z.len() {
        z.push(e(&format!("f/{i}"), b""));
    }
    let report = check(&zip(&z), &VerifyOptions::default());
    assert_eq!(codes(&report.diagnostics), ["PKG101"]);
    assert!(report.diagnostics[0]
        .message
        .contains("declares 4464 entries but the central directory holds 70000"));
}

/// Zip64 end records as `aps-pack build` writes them (65,535 entries and more)
/// are read; a record beyond the zip64 count is not.
#[test]
fn zip64_end_records_are_checked_too() {
    use aps_archive::zipwrite::{central_directory, local_header, EntryRecord};
    let mut out = Vec::new();
    let mut records = Vec::new();
    for i in 0..0x1_0000u32 {
        let record = EntryRecord {
            name: format!("d/{i}"),
            method: 0,
            crc32: 0,
            compressed_size: 0,
            size: 0,
            offset: out.len() as u64,
            is_dir: false,
            dos: (0, 0x21),
        };
        out.extend(local_header(&record));
        records.push(record);
    }
    let cd_offset = out.len();
    out.extend(central_directory(&records, cd_offset as u64));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("z64.app.zip");
    std::fs::write(&path, &out).unwrap();
    let (archive, diags) = aps_archive::zipread::ZipArchive::open(&path, "z64", &Limits::default()).unwrap();
    assert!(diags.is_empty(), "{}", render(&diags));
    assert_eq!(archive.entries.len(), 0x1_0000);

    // One more central record inside the (zip64) directory size, the count unchanged.
    let z64 = out.len() - 22 - 20 - 56;
    assert_eq!(get32(&out, z64), 0x0606_4b50);
    let extra = central_record("scripts/evil.php", b"", 0);
    let mut hostile = out.clone();
    hostile.splice(z64..z64, extra.iter().copied());
    let size =
        u64::from_le_bytes(hostile[z64 + extra.len() + 40..z64 + extra.len() + 48].try_into().unwrap());
    hostile[z64 + extra.len() + 40..z64 + extra.len() + 48]
        .copy_from_slice(&(size + extra.len() as u64).to_le_bytes());
    let eocd = hostile.len() - 22;
    let size32 = get32(&hostile, eocd + 12) + extra.len() as u32;
    put32(&mut hostile, eocd + 12, size32);
    let locator = hostile.len() - 22 - 20;
    let moved = (z64 + extra.len()) as u64;
    hostile[locator + 8..locator + 16].copy_from_slice(&moved.to_le_bytes());
    std::fs::write(&path, &hostile).unwrap();
    let refused = aps_archive::zipread::ZipArchive::open(&path, "z64", &Limits::default()).unwrap_err();
    assert_eq!(codes(&refused), ["PKG101"]);
    assert!(
        refused[0].message.contains("holds 65537 records but the end record declares 65536"),
        "{}",
        refused[0].message
    );
}

/// Links and special files are refused whatever host system the entry claims.
#[test]
fn special_entries_are_refused_for_every_host_system() {
    let list = app_list();
    // MS-DOS, Amiga, VMS, Unix, Atari ST, OS/2, NTFS, VFAT, BeOS, OS/400, macOS, AtheOS.
    for host in [0u16, 1, 2, 3, 5, 6, 10, 14, 16, 18, 19, 30] {
        for (mode, what) in [
            (0o120777u32, "symbolic link"),
            (0o010644, "named pipe"),
            (0o020644, "character device"),
            (0o060644, "block device"),
            (0o140644, "socket"),
        ] {
            let mut z = good(&list);
            let mut link = e("ui/link", b"/etc/passwd");
            link.made_by = (host << 8) | 20;
            link.ext_attr = mode << 16;
            z.push(link);
            let report = check(&zip(&z), &VerifyOptions::default());
            let got = codes(&report.diagnostics);
            assert!(got.contains(&"PKG106"), "host {host}, {what}: {got:?}");
            let message = &report.diagnostics.iter().find(|d| d.code() == "PKG106").unwrap().message;
            assert!(message.contains(what), "host {host}: {message}");
        }
    }
    let mut z = good(&list);
    let mut link = e("ui/link", b"C:\\Windows");
    link.made_by = 10 << 8 | 20;
    link.ext_attr = 0x400;
    z.push(link);
    let report = check(&zip(&z), &VerifyOptions::default());
    let mut got = codes(&report.diagnostics);
    got.sort();
    assert_eq!(got, ["PKG106"], "{}", render(&report.diagnostics));
    insta::assert_snapshot!("accounted__reparse-point", render(&report.diagnostics));
    let mut z = good(&list);
    let mut link = e("ui/link", b"/etc/passwd");
    link.made_by = 16 << 8 | 20;
    link.ext_attr = 0o120777 << 16;
    z.push(link);
    let report = check(&zip(&z), &VerifyOptions::default());
    insta::assert_snapshot!("accounted__beos-symlink", render(&report.diagnostics));
}

/// Names that become one file, or a file and a folder, once unpacked.
#[test]
fn colliding_names_are_refused() {
    let nfc = "ui/caf\u{e9}.js";
    let nfd = "ui/cafe\u{301}.js";
    type Case<'a> = (&'a str, Vec<(&'a str, &'a [u8])>, Vec<&'a str>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "case",
            vec![("ui/App.js", b"a"), ("ui/app.js", APP_JS)],
            vec!["PKG003"],
            "differ only in letter case",
        ),
        (
            "unicode-normalisation",
            vec![(nfc, b"a"), (nfd, b"b"), ("ui/app.js", APP_JS)],
            vec!["PKG114"],
            "different Unicode normalisation forms",
        ),
        (
            "case-and-normalisation",
            vec![("ui/CAF\u{c9}.js", b"a"), (nfd, b"b"), ("ui/app.js", APP_JS)],
            vec!["PKG003"],
            "differ only in letter case",
        ),
        (
            "file-then-folder",
            vec![("ui", b"a"), ("ui/app.js", APP_JS)],
            vec!["PKG115"],
            "`ui` is a file, but `ui/app.js` needs a folder of that name",
        ),
        (
            "file-and-folder-entry",
            vec![("ui/x", b"a"), ("ui/x/", b""), ("ui/app.js", APP_JS)],
            vec!["PKG115"],
            "`ui/x` is a file and `ui/x/` a folder of the same path",
        ),
    ];
    for (case, files, expected, message) in cases {
        let mut listed_files = vec![("APP-META.xml", META)];
        listed_files.extend(files.iter().filter(|(n, _)| !n.ends_with('/')).copied());
        let list = listed(&listed_files);
        let mut z = vec![deflated("APP-LIST.xml", list.as_bytes()), deflated("APP-META.xml", META)];
        z.extend(files.iter().map(|(n, d)| e(n, d)));
        let report = check(&zip(&z), &VerifyOptions::default());
        assert_eq!(codes(&report.diagnostics), expected, "{case}:\n{}", render(&report.diagnostics));
        assert!(report.diagnostics[0].message.contains(message), "{case}: {}", report.diagnostics[0].message);
        insta::assert_snapshot!(format!("collision__{case}"), render(&report.diagnostics));
    }
}

// ---------------------------------------------------------------- RFC 5280 paths

/// `name.key` + `name.pem` (`kind`: `rsa` or `p256`), issued by `ca` or
/// self-signed, valid for `days`, with the X.509v3 extensions in `ext`
/// (openssl configuration lines).
fn cert(dir: &Path, name: &str, ca: Option<&str>, kind: &str, days: i32, ext: &str) {
    let key = format!("{name}.key");
    let csr = format!("{name}.csr");
    let pem = format!("{name}.pem");
    let subj = format!("/CN={name}");
    let mut req = vec!["req", "-new", "-nodes", "-keyout", &key, "-out", &csr, "-subj", &subj];
    match kind {
        "rsa" => req.extend(["-newkey", "rsa:2048"]),
        _ => req.extend(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]),
    }
    openssl(dir, &req);
    let ext_file = format!("{name}.ext");
    std::fs::write(dir.join(&ext_file), format!("[v3]\n{ext}\n")).unwrap();
    let days = days.to_string();
    let mut x509 = vec![
        "x509",
        "-req",
        "-in",
        &csr,
        "-out",
        &pem,
        "-days",
        &days,
        "-extfile",
        &ext_file,
        "-extensions",
        "v3",
    ];
    let (ca_pem, ca_key);
    match ca {
        Some(ca) => {
            ca_pem = format!("{ca}.pem");
            ca_key = format!("{ca}.key");
            x509.extend(["-CA", &ca_pem, "-CAkey", &ca_key, "-CAcreateserial"]);
        }
        None => x509.extend(["-signkey", &key]),
    }
    openssl(dir, &x509);
}

const CA: &str = "basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign";
const LEAF: &str = "basicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature";

/// APP-LIST.xml signed by `name` with `chain` embedded after its certificate.
fn signed_by(dir: &Path, name: &str, chain: &[&str]) -> String {
    let chain_pem: String = chain.iter().map(|c| read(dir, &format!("{c}.pem"))).collect();
    let signer = aps_archive::keys::Signer::from_pem(
        &read(dir, &format!("{name}.key")),
        &read(dir, &format!("{name}.pem")),
        (!chain.is_empty()).then_some(chain_pem.as_str()),
    )
    .unwrap();
    aps_archive::sign::sign_all(&app_list(), &[signer]).unwrap()
}

/// Whether xmlsec1 verifies `list` with `root` as its only trusted certificate.
fn xmlsec1_accepts(dir: &Path, list: &str, root: &str, at: Option<&str>) -> bool {
    std::fs::write(dir.join("check.xml"), list).unwrap();
    let mut cmd = Command::new("xmlsec1");
    cmd.args(["--verify", "--trusted-pem", &format!("{root}.pem")]);
    if let Some(at) = at {
        cmd.args(["--verification-time", at]);
    }
    let out = cmd
        .arg("check.xml")
        .current_dir(dir)
        .output()
        .expect("xmlsec1 must be installed (apt-get install xmlsec1)");
    out.status.success()
}

/// Genuine chains verify here and with xmlsec1; each broken rule of RFC 5280
/// path validation is refused with its own message, and xmlsec1 (OpenSSL's
/// path validation) agrees wherever it checks the same thing.
#[test]
fn certificate_paths_are_validated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let opts = |root: &str, now: Option<i64>| VerifyOptions {
        signatures: dsig::VerifyOptions { trust: trust(dir, &format!("{root}.pem")), now },
        require_signature: true,
        ..Default::default()
    };
    cert(dir, "root", None, "rsa", 3650, CA);
    cert(dir, "inter", Some("root"), "p256", 3650, CA);
    cert(dir, "leaf", Some("inter"), "p256", 365, LEAF);
    cert(dir, "ecleaf", Some("root"), "p256", 365, LEAF);

    // Genuine: an EC P-256 signer, and an intermediate chain.
    for (case, list) in [
        ("ec-signer", signed_by(dir, "ecleaf", &["root"])),
        ("intermediate", signed_by(dir, "leaf", &["inter"])),
    ] {
        let report = check(&zip(&good(&list)), &opts("root", None));
        assert!(report.diagnostics.is_empty(), "{case}:\n{}", render(&report.diagnostics));
        assert_eq!(report.signatures[0].trusted, Some(true), "{case}");
        assert!(xmlsec1_accepts(dir, &list, "root", None), "{case}: xmlsec1 disagrees");
    }

    // Hostile chains.
    cert(dir, "notca", Some("root"), "p256", 3650, "basicConstraints = critical, CA:FALSE");
    cert(dir, "notca-leaf", Some("notca"), "p256", 365, LEAF);
    cert(dir, "nobc", Some("root"), "p256", 3650, "keyUsage = critical, keyCertSign");
    cert(dir, "nobc-leaf", Some("nobc"), "p256", 365, LEAF);
    cert(dir, "root0", None, "p256", 3650, &format!("{CA}\nbasicConstraints = critical, CA:TRUE, pathlen:0"));
    cert(dir, "inter0", Some("root0"), "p256", 3650, CA);
    cert(dir, "deep-leaf", Some("inter0"), "p256", 365, LEAF);
    cert(
        dir,
        "nosign",
        Some("root"),
        "p256",
        3650,
        "basicConstraints = critical, CA:TRUE\nkeyUsage = critical, cRLSign",
    );
    cert(dir, "nosign-leaf", Some("nosign"), "p256", 365, LEAF);
    cert(
        dir,
        "encipher",
        Some("root"),
        "p256",
        365,
        "basicConstraints = CA:FALSE\nkeyUsage = critical, keyAgreement",
    );
    cert(
        dir,
        "critical",
        Some("root"),
        "p256",
        365,
        &format!("{LEAF}\n1.3.6.1.4.1.55555.1 = critical, ASN1:NULL"),
    );
    cert(dir, "short", Some("root"), "p256", 2, CA);
    cert(dir, "short-leaf", Some("short"), "p256", 365, LEAF);
    let in_ten_days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
        as i64
        + 10 * 86_400;
    let ten_days_text = {
        // `YYYY-MM-DD HH:MM:SS` for xmlsec1, from the same instant.
        let out = Command::new("date")
            .args(["-u", "-d", &format!("@{in_ten_days}"), "+%Y-%m-%d %H:%M:%S"])
            .output();
        out.ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default()
    };

    // Twelve CA certificates with one name and one key: each issues every other.
    openssl(dir, &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "loop.key"]);
    let mut loops = Vec::new();
    for i in 0..12 {
        let (pem, serial) = (format!("loop{i}.pem"), (i + 1).to_string());
        openssl(
            dir,
            &[
                "req",
                "-x509",
                "-key",
                "loop.key",
                "-out",
                &pem,
                "-subj",
                "/CN=loop",
                "-days",
                "30",
                "-set_serial",
                &serial,
            ],
        );
        loops.push(format!("loop{i}"));
    }
    std::fs::copy(dir.join("loop.key"), dir.join("loop0.key")).unwrap();
    cert(dir, "loop-leaf", Some("loop0"), "p256", 30, LEAF);
    let loop_chain: Vec<&str> = loops.iter().map(String::as_str).collect();

    /// (case, APP-LIST.xml, options, code, message, xmlsec1 verification time)
    type Case<'a> = (&'a str, String, VerifyOptions, &'a str, &'a str, Option<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "issuer-not-ca",
            signed_by(dir, "notca-leaf", &["notca"]),
            opts("root", None),
            "SIG006",
            "`CN=notca` issued a certificate in the chain but is not a CA certificate (basicConstraints cA is false)",
            None,
        ),
        (
            "issuer-without-basic-constraints",
            signed_by(dir, "nobc-leaf", &["nobc"]),
            opts("root", None),
            "SIG006",
            "`CN=nobc` issued a certificate in the chain but is not a CA certificate (it has no basicConstraints",
            None,
        ),
        (
            "path-length-exceeded",
            signed_by(dir, "deep-leaf", &["inter0"]),
            opts("root0", None),
            "SIG006",
            "`CN=root0` allows no intermediate CA below it (pathLenConstraint 0), the chain has 1",
            None,
        ),
        (
            "issuer-without-key-cert-sign",
            signed_by(dir, "nosign-leaf", &["nosign"]),
            opts("root", None),
            "SIG006",
            "`CN=nosign` may not sign certificates: its keyUsage lacks keyCertSign",
            None,
        ),
        (
            "signer-without-digital-signature",
            signed_by(dir, "encipher", &[]),
            opts("root", None),
            "SIG006",
            "signer certificate `CN=encipher` may not make signatures: its keyUsage lacks digitalSignature",
            None,
        ),
        (
            "unknown-critical-extension",
            signed_by(dir, "critical", &[]),
            opts("root", None),
            "SIG006",
            "certificate `CN=critical` has a critical extension 1.3.6.1.4.1.55555.1 that is not understood",
            None,
        ),
        (
            "many-paths",
            signed_by(dir, "loop-leaf", &loop_chain),
            opts("root", None),
            "SIG006",
            "no certificate path was found within 256 signature checks",
            None,
        ),
        (
            "intermediate-expired",
            signed_by(dir, "short-leaf", &["short"]),
            opts("root", Some(in_ten_days)),
            "SIG007",
            "certificate `CN=short` expired",
            Some(ten_days_text.as_str()),
        ),
    ];
    for (case, list, options, code, message, at) in cases {
        let report = check(&zip(&good(&list)), &options);
        assert_eq!(codes(&report.diagnostics), [code], "{case}:\n{}", render(&report.diagnostics));
        assert!(report.diagnostics[0].message.contains(message), "{case}: {}", report.diagnostics[0].message);
        assert_eq!(report.signatures[0].trusted, Some(false), "{case}");
        let root = if case == "path-length-exceeded" { "root0" } else { "root" };
        let xmlsec1 = xmlsec1_accepts(dir, &list, root, at);
        // OpenSSL does not look at the signer's key usage without a purpose.
        if case != "signer-without-digital-signature" {
            assert!(!xmlsec1, "{case}: xmlsec1 accepts what is refused here");
        }
        insta::assert_snapshot!(
            format!("path__{case}"),
            stable(&regex_free_dates(&render(&report.diagnostics)))
        );
    }
}

/// Inclusive C14N, and comments and whitespace outside the signed text, as
/// another signer writes them: accepted here and by xmlsec1.
#[test]
fn genuine_signature_variants_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    keys(dir);
    let template = app_list().replace(
        "</files>\n",
        &format!(
            "    <ns2:Signature>\n        <ns2:SignedInfo>\n            <ns2:CanonicalizationMethod Algorithm=\"{}\"/>\n\
             \x20           <ns2:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>\n            <ns2:Reference URI=\"\">\n\
             \x20               <ns2:Transforms><ns2:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></ns2:Transforms>\n\
             \x20               <ns2:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\n                <ns2:DigestValue/>\n\
             \x20           </ns2:Reference>\n        </ns2:SignedInfo>\n        <ns2:SignatureValue/>\n\
             \x20       <ns2:KeyInfo><ns2:X509Data><ns2:X509Certificate/></ns2:X509Data></ns2:KeyInfo>\n    </ns2:Signature>\n</files>\n",
            aps_archive::c14n::C14N10
        ),
    );
    std::fs::write(dir.join("template.xml"), template).unwrap();
    let out = Command::new("xmlsec1")
        .args(["--sign", "--privkey-pem", "signer.key,signer.pem", "--output", "signed.xml", "template.xml"])
        .current_dir(dir)
        .output()
        .expect("xmlsec1 must be installed (apt-get install xmlsec1)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let inclusive = read(dir, "signed.xml");
    let ours = aps_archive::sign::sign_all(&app_list(), &[signer(dir)]).unwrap();
    let decorate = |list: &str| {
        let root = list.find("<files").unwrap();
        let mut text = list.to_string();
        text.insert_str(root, "<!-- packaged by a release pipeline -->\n\n");
        text.push_str("\n<!-- end -->\n\n");
        text
    };
    for (case, list) in [
        ("inclusive-c14n", inclusive.clone()),
        ("inclusive-c14n-decorated", decorate(&inclusive)),
        ("exclusive-c14n-decorated", decorate(&ours)),
    ] {
        let report = check(&zip(&good(&list)), &trusted_by(dir, "ca.pem"));
        assert!(report.diagnostics.is_empty(), "{case}:\n{}", render(&report.diagnostics));
        assert!(report.signatures[0].valid && report.signatures[0].trusted == Some(true), "{case}");
        assert!(xmlsec1_accepts(dir, &list, "ca", None), "{case}: xmlsec1 disagrees");
    }
}

/// Names that unpackers read differently: a non-ASCII name without the UTF-8
/// flag (CP437 to some, UTF-8 to others), and an Info-ZIP Unicode path field
/// that names something else than the header.
#[test]
fn names_read_differently_by_different_unpackers_are_refused() {
    let list = listed(&[("APP-META.xml", META), ("ui/app.js", APP_JS), ("ui/caf\u{e9}.js", b"a")]);
    let mut z = good(&list);
    let mut unflagged = e("ui/caf\u{e9}.js", b"a");
    unflagged.flags = 0;
    z.push(unflagged);
    let report = check(&zip(&z), &VerifyOptions::default());
    assert_eq!(codes(&report.diagnostics), ["PKG102"], "{}", render(&report.diagnostics));
    insta::assert_snapshot!("names__utf8-flag-missing", render(&report.diagnostics));
    let mut z = good(&list);
    z.push(e("ui/caf\u{e9}.js", b"a"));
    let report = check(&zip(&z), &VerifyOptions::default());
    assert!(report.diagnostics.is_empty(), "{}", render(&report.diagnostics));

    let mut z = good(&app_list());
    let mut field = vec![1u8];
    field.extend_from_slice(&crc32fast::hash(b"ui/app.js").to_le_bytes());
    field.extend_from_slice(b"scripts/evil.php");
    let mut extra = 0x7075u16.to_le_bytes().to_vec();
    extra.extend_from_slice(&(field.len() as u16).to_le_bytes());
    extra.extend_from_slice(&field);
    z[3].extra = extra;
    let report = check(&zip(&z), &VerifyOptions::default());
    assert_eq!(codes(&report.diagnostics), ["PKG101"], "{}", render(&report.diagnostics));
    insta::assert_snapshot!("names__unicode-path-field", render(&report.diagnostics));
}

/// Measurement for ARCHITECTURE.md (why the reader is hand-written): which of the
/// zip-layer attack cases of [`matrix`] the `zip` crate opens and reads through
/// without an error. Run with `--ignored --nocapture`.
#[test]
#[ignore]
fn measure_zip_crate_on_attack_cases() {
    use std::io::Read;
    let zip_layer = ["PKG101", "PKG102", "PKG103", "PKG104", "PKG105", "PKG106"];
    let (mut cases, mut accepted) = (0, Vec::new());
    for (case, bytes, opts, expected) in matrix() {
        if !expected.iter().all(|c| zip_layer.contains(c)) || case == "zip-bomb-total-size" {
            continue;
        }
        cases += 1;
        assert!(!check(&bytes, &opts).diagnostics.is_empty(), "{case}");
        let read_all = || -> Result<(), String> {
            let mut z =
                zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).map_err(|e| e.to_string())?;
            for i in 0..z.len() {
                let mut f = z.by_index(i).map_err(|e| e.to_string())?;
                std::io::copy(&mut f.by_ref().take(1 << 30), &mut std::io::sink())
                    .map_err(|e| e.to_string())?;
            }
            Ok(())
        };
        match read_all() {
            Ok(()) => accepted.push(case),
            Err(e) => eprintln!("{case}: the zip crate refuses: {e}"),
        }
    }
    eprintln!(
        "the zip crate reads {} of {cases} zip-layer attack cases without an error: {accepted:?}",
        accepted.len()
    );
}
