//! What an application version folder holds, and what of it is packed.

use std::path::{Path, PathBuf};

/// Files the marketplace server reads from a version folder.
pub const REQUIRED_FILES: &[&str] = &["application.json", "input.json", "output.json", "logo.png"];
/// Files it reads when present.
pub const OPTIONAL_FILES: &[&str] = &["steps.json"];
/// The Terraform folder.
pub const SRC_DIR: &str = "src";

/// An entry that goes into `application.tar.gz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// `/`-separated path relative to the version folder.
    pub rel: String,
    pub abs: PathBuf,
    pub is_dir: bool,
    pub size: u64,
    /// Any execute bit set in the source (kept as 0755 so scripts stay runnable).
    pub executable: bool,
    /// The file listed: packing refuses another in its place.
    pub identity: aps_diag::reading::FileIdentity,
    /// The version folder, canonical: packing refuses a file that is not below it.
    pub root: std::sync::Arc<Path>,
}

/// An entry that is left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub rel: String,
    pub why: SkipReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Hidden names, leftovers of ZStack's in-place build, images, installers.
    NotPacked(&'static str),
    /// Links, special files, names that are not UTF-8: packing refuses them.
    Unsupported(String),
}

/// The folder's content in archive order (byte order of the `/`-separated
/// paths), plus what was left out. Links are never followed.
#[derive(Debug, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    pub skipped: Vec<Skipped>,
}

impl Listing {
    pub fn has_unsupported(&self) -> bool {
        self.skipped.iter().any(|s| matches!(s.why, SkipReason::Unsupported(_)))
    }
}

/// Why a top-level entry is not packed, if it is not.
fn top_level_exclusion(name: &str) -> Option<&'static str> {
    if name == "application.tar.gz" {
        Some("a previous build's archive; ZStack's `tar czf application.tar.gz *` would pack it into the new one")
    } else if name.ends_with(".qcow2") || name.ends_with(".img") {
        Some("disk images are shipped beside application.tar.gz (`--image`), not inside it")
    } else if name.ends_with(".bin") {
        Some("an installer does not belong inside the application archive")
    } else {
        None
    }
}

/// List `dir` recursively (walkdir, links never followed, names in byte order).
pub fn list(dir: &Path) -> std::io::Result<Listing> {
    let mut listing = Listing::default();
    let root: std::sync::Arc<Path> = std::fs::canonicalize(dir)?.into();
    let mut walk =
        walkdir::WalkDir::new(dir).min_depth(1).follow_links(false).sort_by_file_name().into_iter();
    while let Some(child) = walk.next() {
        let child = child?;
        let is_dir = child.file_type().is_dir();
        let (rel, packed) = consider(dir, &root, &child, &mut listing)?;
        match (packed, is_dir) {
            // A folder left out is not entered.
            (false, true) => walk.skip_current_dir(),
            (true, true) => listing.entries.push(Entry {
                rel,
                abs: child.path().to_path_buf(),
                is_dir: true,
                size: 0,
                executable: true,
                identity: Default::default(),
                root: root.clone(),
            }),
            _ => {}
        }
    }
    listing.entries.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
    listing.skipped.sort_by(|a, b| a.rel.as_bytes().cmp(b.rel.as_bytes()));
    Ok(listing)
}

/// Decide about one entry: files are listed (or skipped) here; returns the
/// entry's `/`-separated path and whether it is packed.
fn consider(
    dir: &Path,
    root: &std::sync::Arc<Path>,
    child: &walkdir::DirEntry,
    out: &mut Listing,
) -> std::io::Result<(String, bool)> {
    // Folders whose name is not UTF-8 are never entered, so every parent is UTF-8.
    let parent = child.path().parent().and_then(|p| p.strip_prefix(dir).ok()).unwrap_or(Path::new(""));
    let prefix: String = parent.iter().map(|c| format!("{}/", c.to_string_lossy())).collect();
    let os_name = child.file_name();
    let Some(name) = os_name.to_str() else {
        let shown = format!("{prefix}{}", os_name.to_string_lossy());
        out.skipped
            .push(Skipped { rel: shown, why: SkipReason::Unsupported("its name is not UTF-8".into()) });
        return Ok((String::new(), false));
    };
    let rel = format!("{prefix}{name}");
    if name.starts_with('.') {
        out.skipped.push(Skipped { rel, why: SkipReason::NotPacked("hidden entries are not packed") });
        return Ok((String::new(), false));
    }
    if child.depth() == 1 {
        if let Some(why) = top_level_exclusion(name) {
            out.skipped.push(Skipped { rel, why: SkipReason::NotPacked(why) });
            return Ok((String::new(), false));
        }
    }
    let meta = std::fs::symlink_metadata(child.path())?;
    let ft = meta.file_type();
    if ft.is_symlink() {
        let target = std::fs::read_link(child.path()).map(|t| t.display().to_string()).unwrap_or_default();
        out.skipped.push(Skipped {
            rel,
            why: SkipReason::Unsupported(format!("it is a symbolic link (to `{target}`)")),
        });
        Ok((String::new(), false))
    } else if ft.is_dir() {
        Ok((rel, true))
    } else if ft.is_file() {
        let abs = child.path().to_path_buf();
        out.entries.push(Entry {
            rel,
            abs,
            is_dir: false,
            size: meta.len(),
            executable: is_executable(&meta),
            identity: aps_diag::reading::FileIdentity::of(&meta),
            root: root.clone(),
        });
        Ok((String::new(), true))
    } else {
        out.skipped.push(Skipped {
            rel,
            why: SkipReason::Unsupported("it is a special file (device, FIFO or socket)".into()),
        });
        Ok((String::new(), false))
    }
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    false
}

/// Whether `dir` looks like a ZStack application version folder (it holds `application.json`).
pub fn is_app_dir(dir: &Path) -> bool {
    dir.join("application.json").is_file()
}
