//! A package that changes while it is being built: the archive holds what was
//! selected and checked, or nothing is written. Each test stages a build (the
//! selection, and the lint's reads through the staged source), changes the tree
//! as another process could, then writes.

use aps_archive::build::{stage, tree_app_meta, write_staged, BuildError, BuildOptions, Output, Staged};
use aps_archive::select::SelectOptions;
use aps_archive::time::BuildTime;
use aps_diag::NoProgress;
use aps_model::PackageSource;
use std::path::Path;

const META: &str = "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <id>http://x/app</id>\n  <name>Demo</name>\n  <version>1.0</version>\n  <release>1</release>\n</application>\n";

struct Tree {
    tmp: tempfile::TempDir,
}

impl Tree {
    fn new(files: &[(&str, &[u8])]) -> Tree {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("pkg");
        std::fs::create_dir_all(root.join("scripts")).unwrap();
        std::fs::write(root.join("APP-META.xml"), META).unwrap();
        for (name, bytes) in files {
            std::fs::write(root.join(name), bytes).unwrap();
        }
        Tree { tmp }
    }

    fn root(&self) -> std::path::PathBuf {
        self.tmp.path().join("pkg")
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root(),
            output: Output::Dir(self.tmp.path().join("out")),
            select: SelectOptions::default(),
            time: BuildTime::default(),
            generated: Vec::new(),
            limits: Default::default(),
        }
    }

    fn stage(&self) -> Staged {
        let meta = tree_app_meta(&self.root()).unwrap();
        stage(&self.options(), Some(&meta)).unwrap()
    }

    /// [`Tree::stage`] once `scripts/wizard_data.json` is a file again.
    fn stage_after_restoring(&self) -> Staged {
        let path = self.root().join("scripts/wizard_data.json");
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, br#"{"a": 1}"#).unwrap();
        self.stage()
    }

    /// Write the staged build; the error's text. Nothing may be left in the out-dir.
    fn write_fails(&self, staged: Staged) -> String {
        let text = match write_staged(&self.options(), staged, &[], &NoProgress, &|_| true) {
            Ok(outcome) => panic!("built {} from a changed tree", outcome.path.display()),
            Err(BuildError::Findings(found)) => format!("{found:?}"),
            Err(e) => e.to_string(),
        };
        let left: Vec<_> = std::fs::read_dir(self.tmp.path().join("out"))
            .map(|r| r.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "left behind: {left:?}");
        text
    }
}

fn replace_with_link(path: &Path, target: &Path) {
    std::fs::remove_file(path).unwrap();
    std::os::unix::fs::symlink(target, path).unwrap();
}

#[test]
fn a_file_replaced_by_a_link_out_of_the_package_is_not_packed() {
    // Large enough to be read again when written, small enough to be read whole.
    let incompressible: Vec<u8> = (1..=200_000u64)
        .scan(0x9E37_79B9_7F4A_7C15u64, |x, _| {
            *x ^= *x << 13;
            *x ^= *x >> 7;
            *x ^= *x << 17;
            Some((*x >> 32) as u8)
        })
        .collect();
    let tree = Tree::new(&[("scripts/a.txt", b"hello"), ("scripts/b.bin", &incompressible)]);
    let outside = tree.tmp.path().join("secret");
    // Inside the package but not selected (a build's leftovers are left out).
    let inside = tree.root().join(".aps-pack-other");
    for name in ["scripts/a.txt", "scripts/b.bin"] {
        for (secret, refusal) in
            [(&outside, "it leads out of"), (&inside, "it was replaced by another file while aps-pack")]
        {
            let staged = tree.stage();
            let path = tree.root().join(name);
            let kept = std::fs::read(&path).unwrap();
            // The same size, even the same bytes: only which file it is differs.
            std::fs::write(secret, &kept).unwrap();
            replace_with_link(&path, secret);
            let text = tree.write_fails(staged);
            assert!(text.contains(refusal), "{name}: {text}");
            std::fs::remove_file(&path).unwrap();
            std::fs::write(&path, kept).unwrap();
        }
    }
}

#[test]
fn a_file_replaced_by_a_fifo_or_a_device_stops_the_build_without_hanging() {
    let tree = Tree::new(&[("scripts/a.txt", b"hello")]);
    let path = tree.root().join("scripts/a.txt");
    let staged = tree.stage();
    replace_with_link(&path, Path::new("/dev/zero"));
    let text = tree.write_fails(staged);
    assert!(text.contains("replaced by something other than a file"), "{text}");

    std::fs::remove_file(&path).unwrap();
    std::fs::write(&path, b"hello").unwrap();
    let staged = tree.stage();
    std::fs::remove_file(&path).unwrap();
    let status = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(status.success());
    // Opening a FIFO for reading would wait for a writer for ever.
    let text = tree.write_fails(staged);
    assert!(text.contains("replaced by something other than a file"), "{text}");
}

#[test]
fn a_file_that_grows_or_shrinks_stops_the_build() {
    let tree = Tree::new(&[("scripts/a.txt", b"hello")]);
    let path = tree.root().join("scripts/a.txt");
    let staged = tree.stage();
    std::fs::write(&path, b"hello, and more").unwrap();
    let text = tree.write_fails(staged);
    assert!(text.contains("it grew past the 5 bytes it had when it was selected"), "{text}");

    std::fs::write(&path, b"hello").unwrap();
    let staged = tree.stage();
    std::fs::write(&path, b"hell").unwrap();
    let text = tree.write_fails(staged);
    assert!(text.contains("it shrank from 5 to 4 bytes"), "{text}");
}

#[test]
fn a_file_changed_after_the_lint_read_it_stops_the_build() {
    let tree = Tree::new(&[("scripts/wizard_data.json", br#"{"a": 1}"#)]);
    let staged = tree.stage();
    let source = staged.source(&tree.options(), "pkg");
    assert_eq!(source.read("scripts/wizard_data.json").unwrap(), br#"{"a": 1}"#);
    // Same size, same file: only its bytes differ from what was checked.
    std::fs::write(tree.root().join("scripts/wizard_data.json"), br#"{"a": 2}"#).unwrap();
    let text = tree.write_fails(staged);
    assert!(text.contains("wizard_data.json changed after it was checked"), "{text}");
}

#[test]
fn an_unchanged_tree_builds_and_the_handle_reads_what_was_written() {
    let tree = Tree::new(&[("scripts/wizard_data.json", br#"{"a": 1}"#)]);
    let staged = tree.stage();
    let _ = staged.source(&tree.options(), "pkg").read("scripts/wizard_data.json").unwrap();
    let mut outcome = write_staged(&tree.options(), staged, &[], &NoProgress, &|_| true).unwrap();
    let built = std::fs::read(&outcome.path).unwrap();
    // Another build to the same target replaces the file: the handle still reads ours.
    let other = tree.tmp.path().join("other");
    std::fs::write(&other, b"another archive").unwrap();
    std::fs::rename(&other, &outcome.path).unwrap();
    let mut read = Vec::new();
    std::io::Seek::rewind(&mut outcome.archive).unwrap();
    std::io::Read::read_to_end(&mut outcome.archive, &mut read).unwrap();
    assert_eq!(read, built);
}

#[test]
fn a_file_verify_would_call_a_zip_bomb_is_refused() {
    let tree = Tree::new(&[]);
    let big = std::fs::File::create(tree.root().join("scripts/zeros.img")).unwrap();
    big.set_len(65 << 20).unwrap(); // sparse: zeros, over 1000:1 deflated
    drop(big);
    let text = tree.write_fails(tree.stage());
    assert!(text.contains("PKG104"), "{text}");
    assert!(text.contains("past the 200:1 that verify accepts for files over 64 MiB"), "{text}");
}

#[test]
fn an_app_meta_read_from_another_file_than_the_one_selected_stops_the_build() {
    // APP-META.xml is read before the selection: a link to a file outside the package,
    // there while it was read and gone when the tree was selected, must not be archived.
    let tree = Tree::new(&[]);
    let outside = tree.tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("APP-META.xml"), META.replace("Demo", "Outside")).unwrap();
    let meta = tree_app_meta(&outside).unwrap();
    let err = stage(&tree.options(), Some(&meta)).unwrap_err().to_string();
    assert!(err.contains("APP-META.xml: it changed while aps-pack was reading it; run again"), "{err}");
}

#[test]
fn a_file_selected_through_a_folder_swapped_for_a_link_out_is_not_read() {
    // The walk itself can be led out of the package: a folder swapped for a link to an
    // outside folder between reading its parent and entering it. What it selected there
    // is refused once opened, wherever the path went.
    let tree = Tree::new(&[]);
    let outside = tree.tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("shadow.txt"), "root:SECRET").unwrap();
    std::os::unix::fs::symlink(&outside, tree.root().join("ui")).unwrap();
    let path = tree.root().join("ui/shadow.txt");
    let metadata = std::fs::metadata(&path).unwrap();
    let selected = aps_archive::select::SelectedFile {
        name: "ui/shadow.txt".into(),
        path,
        size: metadata.len(),
        identity: aps_diag::reading::FileIdentity::of(&metadata),
        root: std::fs::canonicalize(tree.root()).unwrap().into(),
    };
    let err = selected.read().unwrap_err().to_string();
    assert!(err.contains("it leads out of"), "{err}");
}

#[test]
fn a_file_the_lint_could_not_read_stops_the_build_with_why() {
    let tree = Tree::new(&[("scripts/wizard_data.json", br#"{"a": 1}"#)]);
    let staged = tree.stage();
    assert!(staged.take_read_failure().is_none());
    let source = staged.source(&tree.options(), "pkg");
    // Swapped between the selection and the lint: the lint's read fails, and what it
    // finds without the file (a missing file, say) is about no state of the package.
    replace_with_link(&tree.root().join("scripts/wizard_data.json"), Path::new("/etc/hostname"));
    assert!(source.read("scripts/wizard_data.json").is_err());
    let failure = staged.take_read_failure().expect("the failed read is recorded").to_string();
    assert!(failure.contains("cannot read") && failure.contains("wizard_data.json"), "{failure}");
    assert!(failure.contains("it leads out of"), "{failure}");

    // Written without asking first, the build refuses all the same.
    let staged = tree.stage_after_restoring();
    let source = staged.source(&tree.options(), "pkg");
    replace_with_link(&tree.root().join("scripts/wizard_data.json"), Path::new("/etc/hostname"));
    assert!(source.read("scripts/wizard_data.json").is_err());
    let text = tree.write_fails(staged);
    assert!(text.contains("wizard_data.json") && text.contains("it leads out of"), "{text}");
}
