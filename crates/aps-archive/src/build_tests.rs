use super::*;
use zip_crate::{assert_holds_tree, assert_zip_crate_agrees, Entry};

#[path = "../tests/common/zip_crate.rs"]
mod zip_crate;

/// Read `path` with aps-pack's reader, and check that the `zip` crate reads the same.
fn read_back(path: &Path) -> Vec<Entry> {
    let (zip, diags) =
        crate::zipread::ZipArchive::open(path, "x", &crate::zipread::Limits::default()).unwrap();
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

fn write(root: &Path, name: &str, bytes: &[u8]) {
    let p = root.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn package() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pkg");
    write(
        &root,
        "APP-META.xml",
        b"<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n<id>http://x/a</id>\n<name>Demo App</name>\n<version>1.0</version>\n<release>7</release>\n</application>\n",
    );
    write(&root, "ui/app.js", "console.log('hi');\n".repeat(500).as_bytes());
    write(&root, "images/a.png", &noise(200_000, 1));
    write(&root, "scripts/big.txt", "a line of text that repeats\n".repeat(300_000).as_bytes());
    write(&root, "scripts/big.bin", &noise(5_000_000, 2));
    write(&root, "empty.txt", b"");
    dir
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

fn opts(dir: &tempfile::TempDir, out: &str) -> BuildOptions {
    BuildOptions {
        root: dir.path().join("pkg"),
        output: Output::Dir(dir.path().join(out)),
        select: SelectOptions::default(),
        time: BuildTime::default(),
        generated: Vec::new(),
        limits: Default::default(),
    }
}

#[test]
fn builds_are_byte_identical_and_named_from_meta() {
    let dir = package();
    let a = build(&opts(&dir, "a"), &[], &aps_diag::NoProgress).unwrap();
    let b = build(&opts(&dir, "b"), &[], &aps_diag::NoProgress).unwrap();
    assert_eq!(a.path.file_name().unwrap(), "Demo-App-1.0-7.app.zip");
    assert_eq!(std::fs::read(&a.path).unwrap(), std::fs::read(&b.path).unwrap());
    let entries = read_back(&a.path);
    assert_holds_tree(&entries, &dir.path().join("pkg"), &["APP-META.xml"]);
    assert_eq!(a.files, 6);
    assert_eq!(a.dirs, 3);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the archive is left: {leftovers:?}");
}

#[test]
fn entry_layout() {
    let dir = package();
    let a = build(&opts(&dir, "a"), &[], &aps_diag::NoProgress).unwrap();
    let bytes = std::fs::read(&a.path).unwrap();
    let entries = read_back(&a.path);
    assert_eq!(entries.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), central_names(&bytes));
    // First local header is APP-LIST.xml.
    assert_eq!(&bytes[30..42], b"APP-LIST.xml");
    let names = central_names(&bytes);
    assert_eq!(
        names,
        [
            "APP-LIST.xml",
            "APP-META.xml",
            "empty.txt",
            "images/",
            "images/a.png",
            "scripts/",
            "scripts/big.bin",
            "scripts/big.txt",
            "ui/",
            "ui/app.js"
        ]
    );
}

/// Names in central directory order.
fn central_names(bytes: &[u8]) -> Vec<String> {
    let eocd = bytes.len() - 22;
    let count = u16::from_le_bytes([bytes[eocd + 10], bytes[eocd + 11]]) as usize;
    let mut pos = u32::from_le_bytes(bytes[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    let mut names = Vec::new();
    for _ in 0..count {
        let n = u16::from_le_bytes([bytes[pos + 28], bytes[pos + 29]]) as usize;
        let e = u16::from_le_bytes([bytes[pos + 30], bytes[pos + 31]]) as usize;
        names.push(String::from_utf8(bytes[pos + 46..pos + 46 + n].to_vec()).unwrap());
        pos += 46 + n + e;
    }
    names
}

#[test]
fn compressibility_is_seen_from_byte_frequencies_or_a_fast_probe() {
    use super::entries::{literal_bits, worth_compressing};
    // An optimal prefix code: two equally frequent bytes take a bit each, four take two.
    assert_eq!(literal_bits(b"abababab"), 8);
    assert_eq!(literal_bits(b"abcdabcd"), 16);
    assert_eq!(literal_bits(b"aaaa"), 4);
    assert_eq!(literal_bits(b""), 0);
    let text = "a line of text that repeats, with numbers 12345\n".repeat(2_000);
    assert!(literal_bits(text.as_bytes()) < text.len() as u64 * 8 * 9 / 10);
    assert!(worth_compressing(text.as_bytes()));
    // Noise: flat frequencies, and no repeats for deflate to find.
    let random = noise(100_000, 3);
    assert!(!worth_compressing(&random));
    // Flat frequencies but repeats within deflate's window: the probe finds them.
    let repeated = noise(4_000, 4).repeat(25);
    assert!(literal_bits(&repeated) > repeated.len() as u64 * 8 * 9 / 10);
    assert!(worth_compressing(&repeated));
    // Short files are always deflated (stored afterwards when that did not help).
    assert!(worth_compressing(&random[..1_000]));
}
