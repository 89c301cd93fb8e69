//! Where a package's files come from: a folder on disk, or memory (e.g. the
//! contents of an `.app.zip` after it was read safely).

use aps_diag::Violation;
use aps_diag::{Diagnostic, SourceFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Why a file could not be read from a source.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("no such file in the package")]
    NotFound,
    /// The path is not a plain relative path inside the package (`..`, absolute, `\`).
    #[error("not a relative path inside the package")]
    InvalidPath,
    /// The path leads outside the package root (e.g. through a symbolic link).
    #[error("the path leads outside the package (symbolic link)")]
    OutsideRoot,
    #[error("file is too large ({0} bytes)")]
    TooLarge(u64),
    /// The file could not be read (I/O, or a damaged archive entry): the original error,
    /// shared, since sources are cloned into findings and compared in tests.
    #[error(transparent)]
    Io(aps_diag::SharedError),
}

/// A package's files, addressed by relative paths with `/` separators.
pub trait PackageSource: Send + Sync {
    /// The package root as the user gave it (`fixtures/corpus/aps/aps_dummy`,
    /// `build/app.app.zip`); diagnostics show `<root>/<relative path>`.
    fn display_root(&self) -> &str;
    /// Every file (not folder), relative, `/`-separated, sorted.
    fn files(&self) -> Vec<String>;
    /// A file's bytes.
    fn read(&self, rel: &str) -> Result<Vec<u8>, SourceError>;
    /// Is there a file at `rel`?
    fn exists(&self, rel: &str) -> bool;
    /// A file's size, if it exists (checked before reading metadata whole).
    fn size(&self, rel: &str) -> Option<u64>;

    /// A file's bytes, refused with [`SourceError::TooLarge`] when its size (as
    /// declared by the file system or the archive) is over `max`, before
    /// anything is read or decompressed. Sources whose size can change
    /// between the check and the read override this to bound the read itself.
    fn read_limited(&self, rel: &str, max: u64) -> Result<Vec<u8>, SourceError> {
        if let Some(size) = self.size(rel) {
            if size > max {
                return Err(SourceError::TooLarge(size));
            }
        }
        let bytes = self.read(rel)?;
        if bytes.len() as u64 > max {
            return Err(SourceError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// `<display root>/<rel>` (just `rel` when the root is `.` or empty).
    fn display_path(&self, rel: &str) -> String {
        join_display(self.display_root(), rel)
    }
}

/// Join a display root and a relative path with `/`.
pub use aps_diag::join_display;

/// Is `rel` a plain relative path inside the package: not empty, not
/// absolute, no `..`, `.` or empty segments, `/` separators only, no drive letter?
pub fn is_safe_relative_path(rel: &str) -> bool {
    let drive_letter = rel.len() >= 2 && rel.as_bytes()[1] == b':';
    let odd = rel.is_empty() || rel.starts_with('/') || rel.contains(['\\', '\0']) || drive_letter;
    !odd && rel.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// Read a metadata file through a source into a [`SourceFile`], refusing
/// files over `max_bytes` before reading them.
pub fn read_source_file(
    source: &dyn PackageSource,
    rel: &str,
    max_bytes: u64,
) -> Result<(Arc<SourceFile>, Vec<Diagnostic>), Box<Diagnostic>> {
    let display = source.display_path(rel);
    match source.read_limited(rel, max_bytes) {
        Ok(bytes) => Ok(aps_json::load_source(&display, bytes)),
        Err(SourceError::TooLarge(size)) => Err(Box::new(too_large(&display, size, max_bytes))),
        Err(e) => Err(Box::new(
            aps_json::rules::Unreadable::Io { what: "file", error: &e }.diagnostic().at_path(display),
        )),
    }
}

fn too_large(display: &str, len: u64, max: u64) -> Diagnostic {
    aps_json::too_large_with_limit(display, len, max)
}

/// A package folder on disk. Symbolic links are followed only when they
/// stay inside the root.
#[derive(Debug)]
pub struct DirSource {
    root: PathBuf,
    canonical_root: Option<PathBuf>,
    display_root: String,
    listing: OnceLock<Vec<String>>,
}

impl DirSource {
    /// `root` is the folder; `display_root` how to show it (usually the path as typed).
    pub fn new(root: impl Into<PathBuf>, display_root: impl Into<String>) -> Self {
        let root = root.into();
        let canonical_root = std::fs::canonicalize(&root).ok();
        DirSource { root, canonical_root, display_root: display_root.into(), listing: OnceLock::new() }
    }

    /// Display root = the path as given (with `/` separators).
    pub fn from_path(root: &Path) -> Self {
        let display = aps_diag::display_path(root);
        Self::new(root, display)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The on-disk path of `rel`, if it is a safe path that stays inside the root.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf, SourceError> {
        if !is_safe_relative_path(rel) {
            return Err(SourceError::InvalidPath);
        }
        let path = self.root.join(rel);
        let canon = match std::fs::canonicalize(&path) {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SourceError::NotFound),
            Err(e) => return Err(SourceError::Io(e.into())),
        };
        match &self.canonical_root {
            Some(root) if canon.starts_with(root) => Ok(canon),
            Some(_) => Err(SourceError::OutsideRoot),
            None => Err(SourceError::NotFound),
        }
    }

    /// Open `rel` for reading: a regular file below the root once opened (what was
    /// resolved by path may have been swapped for a link out, a FIFO or a device since;
    /// opening never blocks).
    fn open(&self, rel: &str) -> Result<(std::fs::File, std::fs::Metadata), SourceError> {
        let path = self.resolve(rel)?;
        let root = self.canonical_root.as_deref().ok_or(SourceError::NotFound)?;
        aps_diag::reading::open_regular_within(&path, root).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput => SourceError::NotFound,
            std::io::ErrorKind::PermissionDenied => SourceError::OutsideRoot,
            _ => SourceError::Io(e.into()),
        })
    }

    fn walk(&self) -> Vec<String> {
        let mut out = Vec::new();
        let Some(root) = &self.canonical_root else { return out };
        // Links are not followed while walking: a link to a folder inside the
        // tree would list files twice, one outside it would leak the outside.
        for entry in walkdir::WalkDir::new(&self.root).follow_links(false).into_iter().flatten() {
            let Ok(rel) = entry.path().strip_prefix(&self.root) else { continue };
            let Some(rel) = rel.to_str().map(aps_diag::slashes) else { continue };
            if rel.is_empty() {
                continue;
            }
            let ft = entry.file_type();
            let is_file = if ft.is_symlink() {
                // A link to a file inside the root counts as that file.
                std::fs::canonicalize(entry.path()).is_ok_and(|c| c.starts_with(root) && c.is_file())
            } else {
                ft.is_file()
            };
            if is_file {
                out.push(rel);
            }
        }
        out.sort();
        out
    }
}

impl PackageSource for DirSource {
    fn display_root(&self) -> &str {
        &self.display_root
    }

    fn files(&self) -> Vec<String> {
        self.listing.get_or_init(|| self.walk()).clone()
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, SourceError> {
        use std::io::Read;
        let (mut file, meta) = self.open(rel)?;
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.read_to_end(&mut bytes).map_err(|e| SourceError::Io(e.into()))?;
        Ok(bytes)
    }

    fn read_limited(&self, rel: &str, max: u64) -> Result<Vec<u8>, SourceError> {
        use std::io::Read;
        let (file, meta) = self.open(rel)?;
        if meta.len() > max {
            return Err(SourceError::TooLarge(meta.len()));
        }
        // The file may grow after the check (a log, a file being written):
        // read one byte past the limit at most, never the whole of it.
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| SourceError::Io(e.into()))?;
        if bytes.len() as u64 > max {
            return Err(SourceError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    fn exists(&self, rel: &str) -> bool {
        self.resolve(rel).is_ok_and(|p| p.is_file())
    }

    fn size(&self, rel: &str) -> Option<u64> {
        let p = self.resolve(rel).ok()?;
        std::fs::metadata(p).ok().filter(|m| m.is_file()).map(|m| m.len())
    }
}

/// Files held in memory (relative path → bytes).
#[derive(Debug, Clone, Default)]
pub struct MemSource {
    pub display_root: String,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl MemSource {
    pub fn new(display_root: impl Into<String>, files: BTreeMap<String, Vec<u8>>) -> Self {
        MemSource { display_root: display_root.into(), files }
    }
}

impl PackageSource for MemSource {
    fn display_root(&self) -> &str {
        &self.display_root
    }

    fn files(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, SourceError> {
        if !is_safe_relative_path(rel) {
            return Err(SourceError::InvalidPath);
        }
        self.files.get(rel).cloned().ok_or(SourceError::NotFound)
    }

    fn exists(&self, rel: &str) -> bool {
        is_safe_relative_path(rel) && self.files.contains_key(rel)
    }

    fn size(&self, rel: &str) -> Option<u64> {
        self.files.get(rel).map(|b| b.len() as u64)
    }
}

/// Another source with some files' bytes replaced or added from memory: the texts an
/// editor holds and has not saved. A path present in the overlay is never read from the
/// source below, so every check sees exactly what the editor shows.
#[derive(Clone)]
pub struct OverlaySource {
    base: Arc<dyn PackageSource>,
    files: BTreeMap<String, Arc<[u8]>>,
}

impl OverlaySource {
    /// `files`: relative path → bytes that stand for (or add to) the file of `base`.
    pub fn new(base: Arc<dyn PackageSource>, files: BTreeMap<String, Arc<[u8]>>) -> Self {
        OverlaySource { base, files }
    }
}

impl PackageSource for OverlaySource {
    fn display_root(&self) -> &str {
        self.base.display_root()
    }

    fn files(&self) -> Vec<String> {
        let mut all = self.base.files();
        all.extend(self.files.keys().filter(|k| is_safe_relative_path(k)).cloned());
        all.sort();
        all.dedup();
        all
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, SourceError> {
        match self.files.get(rel) {
            Some(_) if !is_safe_relative_path(rel) => Err(SourceError::InvalidPath),
            Some(bytes) => Ok(bytes.to_vec()),
            None => self.base.read(rel),
        }
    }

    fn read_limited(&self, rel: &str, max: u64) -> Result<Vec<u8>, SourceError> {
        match self.files.get(rel) {
            Some(bytes) if bytes.len() as u64 > max => Err(SourceError::TooLarge(bytes.len() as u64)),
            Some(_) => self.read(rel),
            None => self.base.read_limited(rel, max),
        }
    }

    fn exists(&self, rel: &str) -> bool {
        (is_safe_relative_path(rel) && self.files.contains_key(rel)) || self.base.exists(rel)
    }

    fn size(&self, rel: &str) -> Option<u64> {
        match self.files.get(rel) {
            Some(bytes) => Some(bytes.len() as u64),
            None => self.base.size(rel),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths() {
        for ok in ["APP-META.xml", "ui/a.js", "schemas/x.schema.gen", "a..b/c"] {
            assert!(is_safe_relative_path(ok), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "a/../b", "a\\b", "C:/x", "a//b", "./a", "a/"] {
            assert!(!is_safe_relative_path(bad), "{bad}");
        }
    }

    #[test]
    fn display_paths() {
        assert_eq!(
            join_display("fixtures/corpus/aps/aps_dummy", "APP-META.xml"),
            "fixtures/corpus/aps/aps_dummy/APP-META.xml"
        );
        assert_eq!(join_display("pkg/", "a/b"), "pkg/a/b");
        assert_eq!(join_display(".", "APP-META.xml"), "APP-META.xml");
        assert_eq!(join_display("", "APP-META.xml"), "APP-META.xml");
    }

    #[test]
    fn overlay_wins_over_the_source_below() {
        let below = MemSource::new("pkg", BTreeMap::from([("a".to_string(), b"disk".to_vec())]));
        let over = OverlaySource::new(
            Arc::new(below),
            BTreeMap::from([
                ("a".to_string(), Arc::from(&b"editor"[..])),
                ("b".to_string(), Arc::from(&b"new"[..])),
            ]),
        );
        assert_eq!(over.read("a").unwrap(), b"editor");
        assert_eq!(over.read_limited("b", 10).unwrap(), b"new");
        assert_eq!(over.read_limited("a", 2), Err(SourceError::TooLarge(6)));
        assert_eq!(over.files(), vec!["a".to_string(), "b".to_string()]);
        assert_eq!(over.size("a"), Some(6));
        assert!(over.exists("b") && !over.exists("c"));
    }
}
