//! `aps-pack zstack package`: lint, then `application.tar.gz` and the `.bin`.

use crate::appdir::Listing;
use crate::bin::{self, BinDigest, BinSpec};
use crate::lint::{self, LintOptions};
use crate::targz::{self, Digest};
use aps_diag::atomic::{folder_obstacle, AtomicFile, NotAFolder};
use aps_diag::Diagnostic;
use std::io;
use std::path::{Path, PathBuf};

/// A version folder read and checked, ready to be packed.
#[derive(Debug)]
pub struct Prepared {
    /// Everything lint found (the caller decides whether to go on).
    pub diagnostics: Vec<Diagnostic>,
    /// `appId` of application.json, if readable.
    pub app_id_in_file: Option<String>,
    listing: Option<Listing>,
}

/// Read and lint `dir` for packaging under `app_folder` (`--app-id`) with `image`.
pub fn prepare(dir: &Path, display: &str, app_folder: Option<&str>, image: Option<&Path>) -> Prepared {
    let opts =
        LintOptions { app_folder: app_folder.map(str::to_string), image: image.map(Path::to_path_buf) };
    let a = lint::analyse(dir, display, &opts);
    Prepared { diagnostics: a.diagnostics, app_id_in_file: a.app_id, listing: a.listing }
}

/// Where `package` writes, below the output folder (ZStack's own layout).
pub fn targz_path(out: &Path, app_id: &str, arch: &str, version: &str) -> PathBuf {
    out.join("application_targz").join(app_id).join(arch).join(version).join("application.tar.gz")
}

/// Installers with an image go to `application_bins/`, those without to
/// `application_no_image_bins/`, as ZStack's `package_bin.py` does.
pub fn bin_path(out: &Path, app_id: &str, arch: &str, version: &str, with_image: bool) -> PathBuf {
    let top = if with_image { "application_bins" } else { "application_no_image_bins" };
    out.join(top)
        .join(app_id)
        .join(arch)
        .join(version)
        .join(bin::bin_file_name(app_id, arch, version, with_image))
}

/// What `package` produced.
#[derive(Debug, Clone)]
pub struct Packaged {
    pub targz_path: PathBuf,
    pub targz: Digest,
    pub bin_path: PathBuf,
    pub bin: BinDigest,
}

/// Write `application.tar.gz` of the prepared folder to `dest` (atomically).
pub fn write_targz(prepared: &Prepared, mtime: u64, dest: &Path) -> io::Result<Digest> {
    let listing =
        prepared.listing.as_ref().ok_or_else(|| io::Error::other("the application folder was not read"))?;
    if listing.has_unsupported() {
        return Err(io::Error::other("the application folder holds entries that cannot be packed"));
    }
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut out = AtomicFile::create(dest)?;
    let digest = targz::write_app_targz(&listing.entries, mtime, std::io::BufWriter::new(out.file()))?;
    out.commit(Some(0o644), false)?;
    Ok(digest)
}

/// Why `out` cannot be the output folder (checked before any work): what keeps it, or
/// a folder above it, from being a folder.
pub fn check_out_dir(out: &Path) -> Result<(), NotAFolder> {
    folder_obstacle(out).map_or(Ok(()), Err)
}

/// Build both artefacts below `out`, reporting the installer's bytes to `progress` (the image
/// dominates; `&aps_diag::NoProgress` for none).
#[allow(clippy::too_many_arguments)]
pub fn build(
    prepared: &Prepared,
    app_id: &str,
    arch: &str,
    version: &str,
    image: Option<&Path>,
    mtime: u64,
    out: &Path,
    progress: &dyn aps_diag::Progress,
) -> io::Result<Packaged> {
    let targz_path = targz_path(out, app_id, arch, version);
    let targz = write_targz(prepared, mtime, &targz_path)?;
    let bin_path = bin_path(out, app_id, arch, version, image.is_some());
    if let Some(parent) = bin_path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let spec =
        BinSpec { app_id, arch, version, app_targz: &targz_path, app_targz_digest: &targz, image, mtime };
    let bin = bin::write_bin_with_progress(&spec, &bin_path, progress);
    progress.finish();
    let bin = bin?;
    Ok(Packaged { targz_path, targz, bin_path, bin })
}
