//! Property tests: the repository readers (`application.tar.gz`, the `.bin`
//! installer, `index.json`) never panic on mutated real files, and a
//! damaged file is never taken for the genuine one.

use aps_zstack::bin::{self, BinSpec};
use aps_zstack::repo::{self, PublishInput, PublishOptions};
use aps_zstack::Digest;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const OK_APP: &str = "tests/fixtures/apps/ok";
const IMAGE: &str = "tests/fixtures/images/ok.qcow2";
const V1: &str = "example.hello.web/x86_64/1.0";

/// A clean repository with one published version.
fn published() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = PublishInput::Dir {
        dir: PathBuf::from(OK_APP),
        display: OK_APP.into(),
        arch: "x86_64".into(),
        version: "1.0".into(),
        app_id: None,
        image: Some(PathBuf::from(IMAGE)),
    };
    let opts =
        PublishOptions { force: false, mtime: aps_zstack::DEFAULT_EPOCH, update_at: 1, deny_warnings: false };
    repo::publish(tmp.path(), "repo", &[input], &opts).unwrap_or_else(|e| panic!("publish: {}", e.message));
    tmp
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Set { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Set { at, byte }),
        1 => (any::<usize>(), 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        1 => any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

/// Apply mutations, positions taken modulo `within` (or the whole length).
fn apply(input: &[u8], muts: &[Mutation], within: Option<usize>) -> Vec<u8> {
    let mut b = input.to_vec();
    for m in muts {
        let n = within.unwrap_or(b.len()).min(b.len()).max(1);
        match m {
            Mutation::Flip { at, bit } => {
                if let Some(x) = b.get_mut(at % n) {
                    *x ^= 1 << bit;
                }
            }
            Mutation::Set { at, byte } => {
                if let Some(x) = b.get_mut(at % n) {
                    *x = *byte;
                }
            }
            Mutation::Delete { at, len } => {
                let at = at % n;
                let end = (at + len).min(b.len());
                if at < end {
                    b.drain(at..end);
                }
            }
            Mutation::Insert { at, bytes } => {
                let at = (at % (n + 1)).min(b.len());
                b.splice(at..at, bytes.iter().copied());
            }
            Mutation::Truncate { at } => b.truncate(at % n),
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// verify-repo reads every mutated `application.tar.gz` without panicking,
    /// and with the manifest vouching for the original, any change is reported.
    #[test]
    fn mutated_application_targz_never_panics_and_is_reported(muts in prop::collection::vec(mutation(), 1..4)) {
        let tmp = published();
        let path = tmp.path().join(V1).join("application.tar.gz");
        let good = std::fs::read(&path).expect("read");
        let bad = apply(&good, &muts, None);
        std::fs::write(&path, &bad).expect("write");
        let diags = repo::verify_repo(tmp.path(), "repo").expect("verify-repo runs");
        if bad != good {
            prop_assert!(!diags.is_empty(), "a changed application.tar.gz passed");
        }
        // Without the manifest the archive is still read whole; only the
        // reader's own checks are left, and it must not panic.
        std::fs::remove_file(tmp.path().join(repo::MANIFEST)).expect("rm");
        let _ = repo::verify_repo(tmp.path(), "repo").expect("verify-repo runs");
    }

    /// A mutated `.bin` (mostly in its stub) is either refused or yields the
    /// genuine members, byte for byte.
    #[test]
    fn mutated_bin_never_panics_and_never_yields_other_members(
        muts in prop::collection::vec(mutation(), 1..3),
        in_stub in any::<bool>(),
    ) {
        let tmp = tempfile::tempdir().expect("tmp");
        let (good_path, header, genuine) = genuine_bin(tmp.path());
        let good = std::fs::read(&good_path).expect("read");
        let within = in_stub.then_some(header.payload_offset as usize);
        let bad = apply(&good, &muts, within);
        let path = tmp.path().join("mutated.bin");
        std::fs::write(&path, &bad).expect("write");
        let Ok(h) = bin::read_header(&path) else { return Ok(()) };
        let mut app = Vec::new();
        let mut wanted: Vec<(&str, &mut dyn std::io::Write)> = vec![("application.tar.gz", &mut app)];
        if bin::extract(&path, &h, &mut wanted).is_ok() {
            prop_assert_eq!(&h, &header, "a changed header was accepted");
            prop_assert!(app == genuine, "other members were extracted");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// index.json (and manifest.json) readers never panic on mutated text.
    #[test]
    fn mutated_index_and_manifest_never_panic(muts in prop::collection::vec(mutation(), 1..6), which in 0..2usize) {
        let tmp = published();
        let name = [repo::INDEX, repo::MANIFEST][which];
        let path = tmp.path().join(name);
        let good = std::fs::read(&path).expect("read");
        let bad = apply(&good, &muts, None);
        std::fs::write(&path, &bad).expect("write");
        let _ = repo::read_index(&tmp.path().join(repo::INDEX), "repo/index.json");
        let _ = repo::read_manifest(&tmp.path().join(repo::MANIFEST), "repo/manifest.json");
        let diags = repo::verify_repo(tmp.path(), "repo").expect("verify-repo runs");
        if bad != good && which == 1 && !diags.iter().any(|d| d.code().starts_with("ZST21")) {
            // A manifest change is reported unless it left the parsed content as it was.
            let reread = repo::read_manifest(&path, "m").expect("still readable");
            prop_assert!(reread.diagnostics.is_empty());
        }
    }
}

/// A `.bin` of the `ok` fixture's application.tar.gz (no image), its header
/// and the genuine application.tar.gz bytes.
fn genuine_bin(dir: &Path) -> (PathBuf, bin::BinHeader, Vec<u8>) {
    let prepared = aps_zstack::package::prepare(Path::new(OK_APP), OK_APP, None, None);
    let targz = dir.join("application.tar.gz");
    let digest: Digest =
        aps_zstack::package::write_targz(&prepared, aps_zstack::DEFAULT_EPOCH, &targz).expect("targz");
    let bytes = std::fs::read(&targz).expect("read");
    assert_eq!(digest.sha256, sha256_hex(&bytes));
    let spec = BinSpec {
        app_id: "example.hello.web",
        arch: "x86_64",
        version: "1.0",
        app_targz: &targz,
        app_targz_digest: &digest,
        image: None,
        mtime: aps_zstack::DEFAULT_EPOCH,
    };
    let dest = dir.join("good.bin");
    let written = bin::write_bin(&spec, &dest).expect("bin");
    (dest, written.header, bytes)
}
