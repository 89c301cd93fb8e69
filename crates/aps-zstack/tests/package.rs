//! `package::build`: both artefacts appear, or neither; what it reports is what it wrote.

use aps_zstack::bin;
use aps_zstack::package::{self, Packaged};
use sha2::{Digest, Sha256};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

const OK_APP: &str = "tests/fixtures/apps/ok";

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn build(out: &Path) -> std::io::Result<Packaged> {
    let prepared = package::prepare(Path::new(OK_APP), OK_APP, Some("ok.app"), None);
    package::build(&prepared, "ok.app", "x86_64", "1.0", None, 0, out, &aps_diag::NoProgress)
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_below(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// The figures come from the write: application.tar.gz's as it was written, the installer's
/// through the handle it was written with, whatever replaced the files since.
#[test]
fn what_is_reported_is_what_this_run_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let mut done = build(&tmp.path().join("out")).unwrap();
    let targz = std::fs::read(&done.targz_path).unwrap();
    assert_eq!((done.targz.size, done.targz.sha256.clone()), (targz.len() as u64, sha256_hex(&targz)));
    let header = bin::read_header(&done.bin_path).unwrap();
    let mut member = Vec::new();
    bin::extract(&done.bin_path, &header, &mut [("application.tar.gz", &mut member)]).unwrap();
    assert_eq!(member, targz, "the installer holds this run's application.tar.gz");
    let written = std::fs::read(&done.bin_path).unwrap();
    assert_eq!(written.len() as u64, done.bin.size);

    // Another run renames its own files over both.
    for path in [&done.targz_path, &done.bin_path] {
        let other = tmp.path().join("other");
        std::fs::write(&other, b"another run's bytes").unwrap();
        std::fs::rename(&other, path).unwrap();
    }
    let mut read = Vec::new();
    done.bin_file.rewind().unwrap();
    done.bin_file.read_to_end(&mut read).unwrap();
    assert_eq!(read, written);
}

/// Something other than a file where an artefact goes is refused before either is
/// written: the application.tar.gz of an earlier run stays as it was, and no folder is made.
#[test]
fn a_folder_where_an_artefact_goes_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let earlier = build(&out).unwrap();
    let earlier_targz = std::fs::read(&earlier.targz_path).unwrap();
    // A folder, with a file in it, where the installer goes: renaming over it would fail
    // last, after the new application.tar.gz had replaced the earlier one.
    std::fs::remove_file(&earlier.bin_path).unwrap();
    std::fs::create_dir_all(earlier.bin_path.join("in-the-way")).unwrap();
    std::fs::write(earlier.bin_path.join("in-the-way/keep"), "").unwrap();
    let err = build(&out).unwrap_err().to_string();
    let expected =
        format!("the output {} exists and is a folder, not a regular file", earlier.bin_path.display());
    assert!(err.starts_with(&expected), "{err}");
    assert_eq!(std::fs::read(&earlier.targz_path).unwrap(), earlier_targz);
    assert_eq!(files_below(&out), [earlier.targz_path.clone(), earlier.bin_path.join("in-the-way/keep")]);

    // A file where a folder of theirs goes: named, nothing made.
    let other = tmp.path().join("other");
    std::fs::create_dir_all(other.join("application_targz")).unwrap();
    std::fs::write(other.join("application_targz/ok.app"), "").unwrap();
    let err = build(&other).unwrap_err().to_string();
    assert!(err.contains("ok.app is a file, not a folder"), "{err}");
    assert_eq!(files_below(&other), [other.join("application_targz/ok.app")]);
}
