//! Archives built with the build's compressors (libdeflate for entries in
//! memory, primed parallel chunks for large files, stored entries for
//! incompressible data) read back identically with independent readers:
//! Info-ZIP `unzip -t`, Python's `zipfile` and Java's `jar`; and the same
//! tree gives the same bytes on every build, whatever the number of threads.
//! All three readers are required when `CI` is set (`.ci/run` installs them);
//! elsewhere a missing one is skipped with a note.

use aps_archive::build::{build, BuildOptions, Output};
use aps_archive::select::SelectOptions;
use aps_archive::time::BuildTime;
use aps_diag::NoProgress;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const META: &str = "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <id>http://x/app</id>\n  <name>Demo</name>\n  <version>1.0</version>\n  <release>1</release>\n</application>\n";

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn text(rng: &mut Rng, len: usize) -> Vec<u8> {
    let words = ["tenant", "quota", "provision", "counter", "{ \"id\": ", "limit", "\n", "usage"];
    let mut out = Vec::with_capacity(len + 32);
    while out.len() < len {
        let v = rng.next();
        out.extend_from_slice(words[(v % words.len() as u64) as usize].as_bytes());
        out.extend_from_slice(format!("{} ", v % 1000).as_bytes());
    }
    out.truncate(len);
    out
}

fn noise(rng: &mut Rng, len: usize) -> Vec<u8> {
    (0..len).map(|_| (rng.next() >> 24) as u8).collect()
}

/// The tree: every path the writer takes. Returns name → content.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut files = BTreeMap::new();
    files.insert("APP-META.xml".to_string(), META.as_bytes().to_vec());
    files.insert("empty.txt".to_string(), Vec::new());
    files.insert("ui/tiny.js".to_string(), b"x".to_vec());
    for i in 0..40 {
        files.insert(format!("ui/gen/f{i:02}.js"), text(&mut rng, 1_000 + i * 3_777));
    }
    files.insert("images/photo.jpg".to_string(), noise(&mut rng, 300_000));
    // Over the in-memory limit: streamed, deflated in primed chunks (not a
    // whole number of chunks), and one stored.
    files.insert("data/big.log".to_string(), text(&mut rng, 6 * 1024 * 1024 + 12_345));
    files.insert("data/big.bin".to_string(), noise(&mut rng, 5 * 1024 * 1024 + 7));
    for (name, bytes) in &files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    files
}

fn build_with(root: &Path, out: &Path, threads: usize) -> PathBuf {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Output::Dir(out.to_path_buf()),
        select: SelectOptions::default(),
        time: BuildTime::default(),
        generated: Vec::new(),
        limits: Default::default(),
    };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| build(&opts, &[], &NoProgress)).unwrap().path
}

/// Whether `tool` runs; when it does not, the test fails under CI and skips elsewhere.
fn tool(program: &str, arg: &str, required_in_ci: bool) -> bool {
    let ok = Command::new(program).arg(arg).output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        assert!(
            !(required_in_ci && std::env::var_os("CI").is_some()),
            "`{program}` is needed under CI (.ci/run installs it)"
        );
        eprintln!("note: `{program}` is not installed; its check is skipped");
    }
    ok
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn independent_readers_read_back_the_tree_and_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("pkg");
    let mut files = tree(&root);

    let one = build_with(&root, &tmp.path().join("one"), 1);
    let four = build_with(&root, &tmp.path().join("four"), 4);
    let again = build_with(&root, &tmp.path().join("again"), 2);
    let bytes = std::fs::read(&one).unwrap();
    assert!(bytes == std::fs::read(&four).unwrap(), "1 and 4 threads give different archives");
    assert!(bytes == std::fs::read(&again).unwrap(), "two builds give different archives");

    // The big text file took the chunked path and was compressed.
    let (zip, diags) =
        aps_archive::zipread::ZipArchive::open(&one, "x", &aps_archive::zipread::Limits::default()).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let big = zip.find("data/big.log").unwrap();
    assert!(big.compressed_size < big.size / 2, "{} of {}", big.compressed_size, big.size);
    assert_eq!(zip.read_to_vec(big, u64::MAX).unwrap(), files["data/big.log"]);
    // The build archives APP-META.xml with its `packaged` date added: that text is
    // what the other readers must find.
    let meta =
        String::from_utf8(zip.read_to_vec(zip.find("APP-META.xml").unwrap(), u64::MAX).unwrap()).unwrap();
    assert!(meta.contains(" packaged=\""), "{meta}");
    assert_eq!(meta.replacen(&meta[meta.find(" packaged=").unwrap()..][..31], "", 1), META);
    files.insert("APP-META.xml".to_string(), meta.into_bytes());

    if tool("unzip", "-v", true) {
        let out = Command::new("unzip").arg("-t").arg(&one).output().unwrap();
        assert!(out.status.success(), "unzip -t: {}", String::from_utf8_lossy(&out.stdout));
        let dest = tmp.path().join("unzipped");
        let st = Command::new("unzip").arg("-qq").arg(&one).arg("-d").arg(&dest).status().unwrap();
        assert!(st.success());
        for (name, content) in &files {
            assert!(std::fs::read(dest.join(name)).unwrap() == *content, "unzip: {name} differs");
        }
    }

    if tool("python3", "--version", true) {
        let script = "import hashlib, sys, zipfile\n\
            z = zipfile.ZipFile(sys.argv[1])\n\
            bad = z.testzip()\n\
            assert bad is None, bad\n\
            for i in z.infolist():\n\
            \x20   if not i.is_dir():\n\
            \x20       print(i.filename, hashlib.sha256(z.read(i)).hexdigest())\n";
        let out = Command::new("python3").arg("-c").arg(script).arg(&one).output().unwrap();
        assert!(out.status.success(), "python zipfile: {}", String::from_utf8_lossy(&out.stderr));
        let listed: BTreeMap<String, String> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once(' ').map(|(a, b)| (a.to_string(), b.to_string())))
            .collect();
        for (name, content) in &files {
            assert_eq!(listed.get(name), Some(&sha(content)), "python zipfile: {name}");
        }
        assert!(listed.contains_key("APP-LIST.xml"));
    }

    if tool("jar", "--version", true) {
        let out = Command::new("jar").arg("tf").arg(&one).output().unwrap();
        assert!(out.status.success(), "jar tf: {}", String::from_utf8_lossy(&out.stderr));
        let names = String::from_utf8(out.stdout).unwrap();
        for name in files.keys() {
            assert!(names.lines().any(|l| l == name), "jar tf does not list {name}");
        }
        // jar xf inflates every entry (checking each CRC-32).
        let dest = tmp.path().join("jarred");
        std::fs::create_dir_all(&dest).unwrap();
        let st = Command::new("jar").arg("xf").arg(&one).current_dir(&dest).status().unwrap();
        assert!(st.success());
        for (name, content) in &files {
            assert!(std::fs::read(dest.join(name)).unwrap() == *content, "jar: {name} differs");
        }
    }
}
