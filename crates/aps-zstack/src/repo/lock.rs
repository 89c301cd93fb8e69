//! The folder repository's lock: concurrent `publish` and `index` runs on one
//! folder take turns, so each reads `index.json`/`manifest.json` after the
//! previous one wrote them and none loses another's versions.

use super::RepoError;
use fs4::fs_std::FileExt;
use std::fs::File;
use std::path::Path;

/// The lock file at the repository's top where folders cannot be locked
/// (hidden: never listed in the index). On Unix the folder itself is locked,
/// so nothing is added to the repository.
#[cfg(not(unix))]
pub const LOCK_FILE: &str = ".aps-pack.lock";

/// An exclusive advisory lock, released when dropped (and by the system when
/// the process dies, so a killed publisher never leaves it held).
#[derive(Debug)]
pub struct RepoLock {
    file: File,
}

impl RepoLock {
    /// Wait for the lock of the repository folder `root`.
    pub fn acquire(root: &Path) -> Result<Self, RepoError> {
        #[cfg(unix)]
        let (path, file) = (root.to_path_buf(), File::open(root));
        #[cfg(not(unix))]
        let (path, file) = Self::lock_file(root);
        let file = file.map_err(|e| RepoError::io("cannot open the repository lock", &path, e))?;
        FileExt::lock_exclusive(&file).map_err(|e| RepoError::io("cannot lock", &path, e))?;
        Ok(RepoLock { file })
    }

    #[cfg(not(unix))]
    fn lock_file(root: &Path) -> (std::path::PathBuf, std::io::Result<File>) {
        let path = root.join(LOCK_FILE);
        let file =
            std::fs::OpenOptions::new().create(true).truncate(false).read(true).write(true).open(&path);
        (path, file)
    }
}

impl Drop for RepoLock {
    fn drop(&mut self) {
        let _ = FileExt::unlock(&self.file);
    }
}
