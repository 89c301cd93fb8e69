//! Files added, removed or changed, by SHA-256 of their content.

use crate::report::{Change, FileChange, FileDigest};
use aps_model::PackageSource;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Size and SHA-256 of every file of a source, by path. A file that cannot
/// be read gets an empty digest (it still shows up as changed if the other
/// side has it; the load step reports unreadable metadata files).
pub fn digests(source: &dyn PackageSource) -> BTreeMap<String, FileDigest> {
    source
        .files()
        .into_par_iter()
        .map(|rel| {
            let digest = match source.read(&rel) {
                Ok(bytes) => FileDigest { size: bytes.len() as u64, sha256: hex(&Sha256::digest(&bytes)) },
                Err(_) => FileDigest { size: 0, sha256: String::new() },
            };
            (rel, digest)
        })
        .collect()
}

use aps_diag::hex;

pub fn compare(old: &BTreeMap<String, FileDigest>, new: &BTreeMap<String, FileDigest>) -> Vec<FileChange> {
    let mut out = Vec::new();
    let paths: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for path in paths {
        let (o, n) = (old.get(path), new.get(path));
        let change = match (o, n) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(_), Some(_)) => Change::Changed,
            (Some(_), None) => Change::Removed,
            (None, _) => Change::Added,
        };
        out.push(FileChange { path: path.clone(), change, old: o.cloned(), new: n.cloned() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_and_changes() {
        let mk = |files: &[(&str, &str)]| {
            aps_model::MemSource::new(
                "x",
                files.iter().map(|(p, c)| (p.to_string(), c.as_bytes().to_vec())).collect(),
            )
        };
        let a = digests(&mk(&[("a", "1"), ("b", "2"), ("c", "3")]));
        let b = digests(&mk(&[("a", "1"), ("b", "two"), ("d", "4")]));
        assert_eq!(a["a"].sha256, "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b");
        let changes: Vec<(String, Change)> =
            compare(&a, &b).into_iter().map(|c| (c.path, c.change)).collect();
        assert_eq!(
            changes,
            [("b".into(), Change::Changed), ("c".into(), Change::Removed), ("d".into(), Change::Added)]
        );
    }
}
