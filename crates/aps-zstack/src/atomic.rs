//! Outputs appear complete or not at all: written to a temporary file in the
//! target's folder, then renamed over the target.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file being written; it only takes `dest`'s name on [`AtomicFile::commit`].
/// Dropped without committing, the temporary file is removed.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    dest: PathBuf,
}

impl AtomicFile {
    /// Start writing `dest` (its folder must exist).
    pub fn create(dest: &Path) -> io::Result<AtomicFile> {
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".tmp").tempfile_in(dir)?;
        Ok(AtomicFile { tmp, dest: dest.to_path_buf() })
    }

    pub fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// Give the file its mode and final name. `durable` also flushes it to
    /// disk first (for repository files, where a crash must not leave an
    /// empty `index.json`).
    pub fn commit(mut self, mode: u32, durable: bool) -> io::Result<()> {
        self.tmp.as_file_mut().flush()?;
        set_mode(self.tmp.as_file(), mode)?;
        if durable {
            self.tmp.as_file().sync_all()?;
        }
        self.tmp.persist(&self.dest).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_file: &File, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// Write `bytes` to `dest` atomically.
pub fn write(dest: &Path, bytes: &[u8], mode: u32, durable: bool) -> io::Result<()> {
    let mut f = AtomicFile::create(dest)?;
    f.file().write_all(bytes)?;
    f.commit(mode, durable)
}
