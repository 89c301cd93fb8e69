//! Build-time findings (snapshots of how they read) and the guarantees of the
//! writer: no archive and no temporary file is left when a build stops.

use aps_archive::build::{build, BuildError, BuildOptions, Output};
use aps_archive::select::SelectOptions;
use aps_archive::time::BuildTime;
use aps_diag::{render_human, Diagnostic, HumanOptions, NoProgress};
use std::path::Path;
use zip_crate::{assert_holds_tree, assert_zip_crate_agrees, Entry};

#[path = "common/zip_crate.rs"]
mod zip_crate;

/// Read `path` with aps-pack's reader, and check that the `zip` crate reads the same.
fn read_back(path: &Path) -> Vec<Entry> {
    let (zip, diags) =
        aps_archive::zipread::ZipArchive::open(path, "x", &aps_archive::zipread::Limits::default()).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let ours: Vec<Entry> = zip
        .entries
        .iter()
        .map(|e| Entry {
            name: e.name.clone(),
            is_dir: e.is_dir(),
            size: e.size,
            crc32: e.crc32,
            data: zip.read_to_vec(e, u64::MAX).unwrap(),
        })
        .collect();
    assert_zip_crate_agrees(path, &ours)
}

const META: &str = "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <id>http://x/app</id>\n  <name>Demo</name>\n  <version>1.0</version>\n  <release>1</release>\n</application>\n";

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn options(tmp: &Path) -> BuildOptions {
    BuildOptions {
        root: tmp.join("pkg"),
        output: Output::Dir(tmp.join("out")),
        select: SelectOptions::default(),
        time: BuildTime::default(),
        generated: Vec::new(),
        limits: Default::default(),
    }
}

fn render(tmp: &Path, diags: &[Diagnostic]) -> String {
    let mut diags = diags.to_vec();
    aps_diag::sort_diagnostics(&mut diags);
    let text = render_human(&diags, &HumanOptions { summary: false, width: 120, ..HumanOptions::default() });
    text.replace(&tmp.to_string_lossy().into_owned(), "<tmp>")
}

fn findings(tmp: &Path) -> Vec<Diagnostic> {
    match build(&options(tmp), &[], &NoProgress) {
        Err(BuildError::Findings(d)) => d,
        other => panic!("expected findings, got {other:?}"),
    }
}

fn out_is_empty(tmp: &Path) {
    let left: Vec<_> = std::fs::read_dir(tmp.join("out"))
        .map(|r| r.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn names_that_cannot_be_packaged() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    write(&root, "APP-META.xml", META.as_bytes());
    write(&root, "ui/App.js", b"1");
    write(&root, "ui/app.js", b"2");
    write(&root, "ui/report:2024.js", b"3");
    write(&root, "scripts/aux.php", b"4");
    write(&root, "ui/trailing. ", b"5");
    let diags = findings(tmp.path());
    insta::assert_snapshot!("build__names", render(tmp.path(), &diags));
    out_is_empty(tmp.path());
}

#[cfg(unix)]
#[test]
fn links_and_special_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    write(&root, "APP-META.xml", META.as_bytes());
    write(tmp.path(), "outside/secret.txt", b"password");
    std::os::unix::fs::symlink(tmp.path().join("outside"), root.join("shared")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("broken.js")).unwrap();
    let status = std::process::Command::new("mkfifo").arg(root.join("pipe")).status();
    let diags = findings(tmp.path());
    let mut codes: Vec<_> = diags.iter().map(|d| d.code()).collect();
    codes.sort();
    let fifo = status.map(|s| s.success()).unwrap_or(false);
    assert_eq!(codes, if fifo { vec!["PKG004", "PKG007", "PKG007"] } else { vec!["PKG004", "PKG007"] });
    insta::assert_snapshot!(
        "build__links",
        render(tmp.path(), &diags[..]).replace("<tmp>/pkg/pipe", "<fifo>")
    );
    out_is_empty(tmp.path());
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_names() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    write(&root, "APP-META.xml", META.as_bytes());
    std::fs::write(root.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt")), b"x").unwrap();
    let diags = findings(tmp.path());
    insta::assert_snapshot!("build__non_utf8", render(tmp.path(), &diags));
}

/// More entries than `verify` accepts stop the build with PKG104 before anything is written;
/// exactly as many build. APP-LIST.xml and folders count. (The limit is 100,000 by default,
/// lowered here so that no test makes 100,001 files.)
#[test]
fn more_entries_than_the_limit_stop_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    write(&root, "APP-META.xml", META.as_bytes());
    for i in 0..5 {
        write(&root, &format!("scripts/f{i}.txt"), b"");
    }
    // APP-LIST.xml, APP-META.xml, scripts/ and its 5 files.
    let entries = 8;
    let mut opts = options(tmp.path());
    opts.limits.max_entries = entries - 1;
    let diags = match build(&opts, &[], &NoProgress) {
        Err(BuildError::Findings(d)) => d,
        other => panic!("expected PKG104, got {other:?}"),
    };
    let text = render(tmp.path(), &diags);
    assert_eq!(diags.len(), 1, "{text}");
    assert_eq!(diags[0].code(), "PKG104", "{text}");
    assert!(
        text.contains(&format!("{entries} entries")) && text.contains(&(entries - 1).to_string()),
        "{text}"
    );
    // Nor is the out-dir the build made for the archive left behind.
    assert!(!tmp.path().join("out").exists());

    opts.limits.max_entries = entries;
    let built = build(&opts, &[], &NoProgress).unwrap();
    assert_eq!(read_back(&built.path).len(), entries);
}

#[test]
fn missing_app_meta() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("pkg"), "meta/APP-META.xml", META.as_bytes());
    let diags = findings(tmp.path());
    insta::assert_snapshot!("build__missing_app_meta", render(tmp.path(), &diags));
}

#[test]
fn stale_committed_app_list_is_reported_and_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    write(&root, "APP-META.xml", META.as_bytes());
    write(&root, "ui/app.js", b"console.log(1);\n");
    write(
        &root,
        "APP-LIST.xml",
        format!(
            "<files xmlns=\"http://apstandard.com/ns/1\">\n    <file name=\"APP-META.xml\" size=\"5\" sha256=\"{}\"/>\n    <file name=\"gone.js\" size=\"1\" sha256=\"{}\"/>\n</files>\n",
            "00".repeat(32),
            "11".repeat(32)
        )
        .as_bytes(),
    );
    let outcome = build(&options(tmp.path()), &[], &NoProgress).unwrap();
    insta::assert_snapshot!("build__stale_app_list", render(tmp.path(), &outcome.diagnostics));
    assert_eq!(outcome.files, 2);
    let entries = read_back(&outcome.path);
    assert_holds_tree(&entries, &root, &["APP-META.xml", "APP-LIST.xml"]);
}

#[test]
fn a_current_committed_app_list_is_not_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    write(&root, "APP-META.xml", META.as_bytes());
    let first = build(&options(tmp.path()), &[], &NoProgress).unwrap();
    // Commit the APP-LIST.xml of the previous build: nothing to report.
    let (zip, _) =
        aps_archive::zipread::ZipArchive::open(&first.path, "x", &aps_archive::zipread::Limits::default())
            .unwrap();
    let entry = zip.find("APP-LIST.xml").unwrap().clone();
    write(&root, "APP-LIST.xml", &zip.read_to_vec(&entry, u64::MAX).unwrap());
    let second = build(&options(tmp.path()), &[], &NoProgress).unwrap();
    assert!(second.diagnostics.is_empty(), "{:?}", second.diagnostics);
    assert_eq!(std::fs::read(&first.path).unwrap(), std::fs::read(&second.path).unwrap());
    read_back(&second.path);
}

/// A file of more than 4 GiB needs zip64 records; it streams through with
/// bounded memory. Slow (minutes in debug builds): run with `--ignored`.
#[test]
#[ignore]
fn multi_gigabyte_file_uses_zip64() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    write(&root, "APP-META.xml", META.as_bytes());
    // Compressible about 2:1 (zeros would pass the ratio that verify and build accept).
    let mut big = std::io::BufWriter::new(std::fs::File::create(root.join("disk.img")).unwrap());
    let block: Vec<u8> =
        (0..1u32 << 20).map(|i| b'a' + (i.wrapping_mul(2_654_435_761) >> 28) as u8).collect();
    for _ in 0..4096 {
        std::io::Write::write_all(&mut big, &block).unwrap();
    }
    std::io::Write::write_all(&mut big, &block[..12_345]).unwrap();
    drop(big);
    let outcome = build(&options(tmp.path()), &[], &NoProgress).unwrap();
    let report = aps_archive::verify::verify(
        &outcome.path,
        "big.app.zip",
        &aps_archive::verify::VerifyOptions::default(),
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let (zip, _) =
        aps_archive::zipread::ZipArchive::open(&outcome.path, "x", &aps_archive::zipread::Limits::default())
            .unwrap();
    assert_eq!(zip.find("disk.img").unwrap().size, (4 << 30) + 12_345);
    // The zip crate streams it too (checking the CRC-32 at the end).
    let mut theirs = zip::ZipArchive::new(std::fs::File::open(&outcome.path).unwrap()).unwrap();
    let mut img = theirs.by_name("disk.img").unwrap();
    assert_eq!(
        (img.size(), img.crc32()),
        (zip.find("disk.img").unwrap().size, zip.find("disk.img").unwrap().crc32)
    );
    assert_eq!(std::io::copy(&mut img, &mut std::io::sink()).unwrap(), (4 << 30) + 12_345);
    if let Ok(status) = std::process::Command::new("unzip").arg("-tqq").arg(&outcome.path).status() {
        assert!(status.success(), "Info-ZIP unzip rejects the zip64 archive");
    }
}

/// Measurement for ARCHITECTURE.md (why the writer is hand-written): this writer
/// against the `zip` crate's writer (deflate level 6, one thread) on the same
/// generated tree. Run with `--ignored --nocapture`.
#[test]
#[ignore]
fn measure_against_the_zip_crate_writer() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    write(&root, "APP-META.xml", META.as_bytes());
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut noise = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    };
    for i in 0..400 {
        let text =
            format!("function f{i}(a, b) {{ return a + b * {i}; }} // line of code\n").repeat(1500 + i * 7);
        write(&root, &format!("ui/js/f{i:03}.js"), text.as_bytes());
        write(&root, &format!("images/i{i:03}.png"), &noise(60_000 + i * 50));
    }
    let total: u64 = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum();
    let start = std::time::Instant::now();
    let ours = build(&options(tmp.path()), &[], &NoProgress).unwrap();
    let ours_time = start.elapsed();

    let start = std::time::Instant::now();
    let out = std::fs::File::create(tmp.path().join("crate.zip")).unwrap();
    let mut w = zip::ZipWriter::new(std::io::BufWriter::new(out));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6));
    let mut files: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    for path in files {
        let name = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        w.start_file(name, opts).unwrap();
        w.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    w.finish().unwrap().flush().unwrap();
    let crate_time = start.elapsed();
    let crate_bytes = std::fs::metadata(tmp.path().join("crate.zip")).unwrap().len();
    eprintln!(
        "{} MB in {} files: aps-pack {:.2} s, {} bytes (SHA-256 and APP-LIST.xml included); zip crate {:.2} s, {} bytes",
        total / 1_000_000,
        ours.files,
        ours_time.as_secs_f64(),
        ours.archive_bytes,
        crate_time.as_secs_f64(),
        crate_bytes
    );
}
