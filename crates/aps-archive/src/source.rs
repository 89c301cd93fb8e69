//! An archive as a package source for the model and the lints: entries are
//! decompressed on demand, each within its declared size, so linting a large
//! archive reads only its metadata files.

use crate::zipread::{Limits, ZipArchive};
use aps_diag::Diagnostic;
use aps_model::{PackageSource, SourceError};
use std::path::Path;

/// The files of an opened archive.
#[derive(Debug)]
pub struct ArchiveSource {
    archive: ZipArchive,
    display_root: String,
    files: Vec<String>,
}

impl ArchiveSource {
    /// Open `path` safely. `Err`: the archive cannot be used (damaged, hostile or over
    /// the limits); the diagnostics say why. `Ok` carries the findings that do not
    /// stop reading (unsafe or duplicate entries are left out of the source).
    pub fn open(
        path: &Path,
        display: &str,
        limits: &Limits,
    ) -> Result<(ArchiveSource, Vec<Diagnostic>), Vec<Diagnostic>> {
        let (archive, diags) = ZipArchive::open(path, display, limits)?;
        if archive.refused {
            return Err(diags);
        }
        let mut files: Vec<String> = archive
            .entries
            .iter()
            .filter(|e| !e.is_dir() && !archive.unusable[e.index])
            .map(|e| e.name.clone())
            .collect();
        files.sort();
        Ok((ArchiveSource { archive, display_root: display.to_string(), files }, diags))
    }

    pub fn archive(&self) -> &ZipArchive {
        &self.archive
    }
}

impl PackageSource for ArchiveSource {
    fn display_root(&self) -> &str {
        &self.display_root
    }

    fn files(&self) -> Vec<String> {
        self.files.clone()
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, SourceError> {
        if !aps_model::source::is_safe_relative_path(rel) {
            return Err(SourceError::InvalidPath);
        }
        let entry = self.archive.find(rel).filter(|e| !e.is_dir()).ok_or(SourceError::NotFound)?;
        self.archive.read_to_vec(entry, u64::MAX).map_err(|e| SourceError::Io(aps_diag::SharedError::new(e)))
    }

    fn read_limited(&self, rel: &str, max: u64) -> Result<Vec<u8>, SourceError> {
        if !aps_model::source::is_safe_relative_path(rel) {
            return Err(SourceError::InvalidPath);
        }
        let entry = self.archive.find(rel).filter(|e| !e.is_dir()).ok_or(SourceError::NotFound)?;
        // The declared size is what the reader enforces while inflating, so
        // refusing on it means an oversized entry is never decompressed.
        if entry.size > max {
            return Err(SourceError::TooLarge(entry.size));
        }
        self.archive.read_to_vec(entry, max).map_err(|e| SourceError::Io(aps_diag::SharedError::new(e)))
    }

    fn exists(&self, rel: &str) -> bool {
        self.files.binary_search_by(|f| f.as_str().cmp(rel)).is_ok()
    }

    fn size(&self, rel: &str) -> Option<u64> {
        self.archive.find(rel).filter(|e| !e.is_dir()).map(|e| e.size)
    }
}
