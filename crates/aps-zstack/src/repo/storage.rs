//! Where a repository's files are kept: a folder, or S3-compatible object
//! storage (`object.rs`). `index`, `verify` and the object publisher work
//! through this trait; a folder's publish keeps its own rename-based staging
//! (`publish.rs`), under the folder's lock (`lock.rs`).

use super::layout::{self, Scan};
use super::{check_root, RepoError};
use crate::hashing::sha256_bytes;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A metadata file (`index.json`, `manifest.json`) read whole, with the tag
/// a conditional write compares against (an ETag, or the bytes' SHA-256 for a
/// folder).
#[derive(Debug, Clone)]
pub struct Meta {
    pub bytes: Vec<u8>,
    pub tag: String,
}

/// The operations the repository commands need from where it is kept.
pub trait Storage: Sync {
    /// How the repository is named in messages (a path, or `s3://BUCKET/PREFIX`).
    fn display(&self) -> &str;
    /// The version folders, their files, and what does not belong.
    fn scan(&self) -> Result<Scan, RepoError>;
    /// A metadata file at the repository's top, `None` when it does not exist.
    fn read_meta(&self, name: &str) -> Result<Option<Meta>, RepoError>;
    /// Write a metadata file only if it is still as read: `expected` is the tag
    /// read, `None` when it did not exist. `Ok(false)` when another writer came
    /// first (read again and retry).
    fn write_meta(&self, name: &str, bytes: &[u8], expected: Option<&str>) -> Result<bool, RepoError>;
    /// Stream an artefact (a path relative to the repository).
    fn open(&self, rel: &str) -> io::Result<Box<dyn Read + Send + '_>>;
    /// The size of an artefact, `None` when it does not exist.
    fn size(&self, rel: &str) -> io::Result<Option<u64>>;
    /// The artefact as a local file, where it is one (the qcow2 header check reads files).
    fn local_path(&self, _rel: &str) -> Option<PathBuf> {
        None
    }
}

/// A repository folder. Conditional writes compare the file's current bytes;
/// they are atomic only among writers holding the folder's lock.
#[derive(Debug)]
pub struct FolderStorage {
    root: PathBuf,
    display: String,
}

impl FolderStorage {
    /// The folder must exist.
    pub fn new(root: &Path, display: &str) -> Result<Self, RepoError> {
        check_root(root)?;
        Ok(FolderStorage { root: root.to_path_buf(), display: display.to_string() })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Storage for FolderStorage {
    fn display(&self) -> &str {
        &self.display
    }

    fn scan(&self) -> Result<Scan, RepoError> {
        layout::scan(&self.root).map_err(|e| RepoError::io("cannot read", &self.root, e))
    }

    fn read_meta(&self, name: &str) -> Result<Option<Meta>, RepoError> {
        let path = self.root.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let tag = sha256_bytes(&bytes).sha256;
                Ok(Some(Meta { bytes, tag }))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(RepoError::io("cannot read", &path, e)),
        }
    }

    fn write_meta(&self, name: &str, bytes: &[u8], expected: Option<&str>) -> Result<bool, RepoError> {
        let current = self.read_meta(name)?;
        if current.as_ref().map(|m| m.tag.as_str()) != expected {
            return Ok(false);
        }
        let path = self.root.join(name);
        aps_diag::atomic::write(&path, bytes, Some(0o644), true)
            .map_err(|e| RepoError::io("cannot write", &path, e))?;
        Ok(true)
    }

    fn open(&self, rel: &str) -> io::Result<Box<dyn Read + Send + '_>> {
        if through_symlink(&self.root, rel) {
            return Err(io::Error::other("it is reached through a symbolic link, which is not followed"));
        }
        Ok(Box::new(std::fs::File::open(self.root.join(rel))?))
    }

    fn size(&self, rel: &str) -> io::Result<Option<u64>> {
        if through_symlink(&self.root, rel) {
            return Err(io::Error::other("it is reached through a symbolic link, which is not followed"));
        }
        match std::fs::metadata(self.root.join(rel)) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn local_path(&self, rel: &str) -> Option<PathBuf> {
        Some(self.root.join(rel))
    }
}

/// Whether `rel` (a relative path inside `root`) or a folder on the way to it is a
/// symbolic link.
fn through_symlink(root: &Path, rel: &str) -> bool {
    let mut path = root.to_path_buf();
    rel.split('/').any(|part| {
        path.push(part);
        std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// SHA-256 and size of a stream, read in 1 MiB pieces.
pub(super) fn digest_stream(mut r: impl Read) -> io::Result<crate::targz::Digest> {
    let mut hashing = crate::hashing::HashingWriter::new(io::sink());
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        io::Write::write_all(&mut hashing, &buf[..n])?;
    }
    Ok(hashing.finish().1)
}
