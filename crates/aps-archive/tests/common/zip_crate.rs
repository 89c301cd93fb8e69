//! The `zip` crate as an independent reader of the archives aps-pack writes:
//! the writer's tests read every archive they build with it and compare what
//! it sees (names, sizes, CRC-32s, contents) with aps-pack's own reader.
//! Shared by the unit tests of `build` and the integration tests.

use std::io::Read;
use std::path::Path;

/// One entry as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
    pub size: u64,
    pub crc32: u32,
    pub data: Vec<u8>,
}

/// Every entry of `path`, in central-directory order, read (and CRC-checked) by the
/// `zip` crate. Panics on anything it refuses.
pub fn read_with_zip_crate(path: &Path) -> Vec<Entry> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file)
        .unwrap_or_else(|e| panic!("the zip crate cannot open {}: {e}", path.display()));
    (0..zip.len())
        .map(|i| {
            let mut f =
                zip.by_index(i).unwrap_or_else(|e| panic!("the zip crate cannot open entry {i}: {e}"));
            let mut data = Vec::new();
            f.read_to_end(&mut data)
                .unwrap_or_else(|e| panic!("the zip crate cannot read `{}`: {e}", f.name()));
            assert_eq!(data.len() as u64, f.size(), "`{}`: size read vs declared", f.name());
            assert_eq!(crc32fast::hash(&data), f.crc32(), "`{}`: CRC-32 read vs declared", f.name());
            Entry { name: f.name().to_string(), is_dir: f.is_dir(), size: f.size(), crc32: f.crc32(), data }
        })
        .collect()
}

/// The `zip` crate sees exactly the entries `ours` (aps-pack's reader) sees.
pub fn assert_zip_crate_agrees(path: &Path, ours: &[Entry]) -> Vec<Entry> {
    let theirs = read_with_zip_crate(path);
    let names = |v: &[Entry]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&theirs), names(ours), "entry names and order");
    for (t, o) in theirs.iter().zip(ours) {
        assert_eq!(
            (t.is_dir, t.size, t.crc32),
            (o.is_dir, o.size, o.crc32),
            "`{}`: folder flag, size, CRC-32",
            t.name
        );
        assert!(t.data == o.data, "`{}`: contents differ", t.name);
    }
    theirs
}

/// Every file under `root` (but those in `rewritten`) is in the archive with the same bytes.
pub fn assert_holds_tree(entries: &[Entry], root: &Path, rewritten: &[&str]) {
    for item in walkdir::WalkDir::new(root).into_iter().filter_map(Result::ok) {
        if !item.file_type().is_file() {
            continue;
        }
        let rel = item.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        if rewritten.contains(&rel.as_str()) {
            continue;
        }
        let entry =
            entries.iter().find(|e| e.name == rel).unwrap_or_else(|| panic!("`{rel}` is not archived"));
        assert!(
            entry.data == std::fs::read(item.path()).unwrap(),
            "`{rel}`: archived bytes differ from the file"
        );
    }
}
