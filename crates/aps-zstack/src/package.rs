//! `aps-pack zstack package`: lint, then `application.tar.gz` and the `.bin`.

use crate::appdir::Listing;
use crate::bin::{self, BinDigest, BinSpec};
use crate::lint::{self, LintOptions};
use crate::targz::{self, Digest};
use aps_diag::atomic::{self, folder_obstacle, writing, AtomicFile, NewFolders};
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
#[derive(Debug)]
pub struct Packaged {
    pub targz_path: PathBuf,
    /// Size and SHA-256 of the `application.tar.gz` this run wrote, taken as it was written.
    pub targz: Digest,
    pub bin_path: PathBuf,
    pub bin: BinDigest,
    /// The installer as written: a handle that reads this run's bytes even if something
    /// (another run with the same output folder) replaced the file at `bin_path` since.
    pub bin_file: std::fs::File,
}

/// Write `application.tar.gz` of the prepared folder to `dest` (atomically).
pub fn write_targz(prepared: &Prepared, mtime: u64, dest: &Path) -> io::Result<Digest> {
    let mut folders = NewFolders::default();
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        folders.create(parent)?;
    }
    let mut out = AtomicFile::create(dest).map_err(|e| writing(dest, e))?;
    let digest = write_targz_into(prepared, mtime, &mut out)?;
    out.commit(Some(0o644), false).map_err(|e| writing(dest, e))?;
    folders.keep();
    Ok(digest)
}

/// Write `application.tar.gz` into `out`, not yet committed (its mode is 0644 once it is).
/// Every error names a file: the output, or the input that could not be read.
fn write_targz_into(prepared: &Prepared, mtime: u64, out: &mut AtomicFile) -> io::Result<Digest> {
    let refused = |why: &str| writing(out.dest(), io::Error::other(why));
    let listing = prepared.listing.as_ref().ok_or_else(|| refused("the application folder was not read"))?;
    if listing.has_unsupported() {
        return Err(refused("the application folder holds entries that cannot be packed"));
    }
    targz::write_app_targz(&listing.entries, mtime, std::io::BufWriter::new(out))
}

/// Why the artefacts of this version cannot be written below `out`, checked before they
/// are made: a folder on their way is not a folder, or something other than a file (a
/// folder, a FIFO…) stands where one goes. Found only at the rename, such a clash would
/// come after all the work, and after the first artefact had replaced the previous one.
pub fn check_targets(
    out: &Path,
    app_id: &str,
    arch: &str,
    version: &str,
    with_image: bool,
) -> io::Result<()> {
    for dest in [targz_path(out, app_id, arch, version), bin_path(out, app_id, arch, version, with_image)] {
        let parent = dest.parent().unwrap_or(out);
        if let Some(obstacle) = folder_obstacle(parent) {
            let message = format!("cannot create the folder {}: {obstacle}", parent.display());
            return Err(io::Error::new(io::ErrorKind::NotADirectory, message));
        }
        if let Some(kind) = atomic::file_obstacle(&dest) {
            let message =
                format!("the output {} exists and is {kind}; refusing to replace it", dest.display());
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, message));
        }
    }
    Ok(())
}

/// Build both artefacts below `out`, reporting the installer's bytes to `progress` (the image
/// dominates; `&aps_diag::NoProgress` for none). Both appear, or neither: the installer is
/// made from this run's `application.tar.gz` while it is still a temporary file (so another
/// run writing the same version cannot change what goes into it), and both are renamed
/// into place only once both are written. Folders made for them go again on failure.
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
    check_targets(out, app_id, arch, version, image.is_some())?;
    let targz_path = targz_path(out, app_id, arch, version);
    let bin_path = bin_path(out, app_id, arch, version, image.is_some());
    let mut folders = NewFolders::default();
    for dest in [&targz_path, &bin_path] {
        if let Some(parent) = dest.parent() {
            folders.create(parent)?;
        }
    }
    let mut targz_out = AtomicFile::create(&targz_path).map_err(|e| writing(&targz_path, e))?;
    let targz = write_targz_into(prepared, mtime, &mut targz_out)?;
    let spec = BinSpec {
        app_id,
        arch,
        version,
        app_targz: targz_out.temp_path(),
        app_targz_digest: &targz,
        image,
        mtime,
    };
    let mut bin_out = AtomicFile::create(&bin_path).map_err(|e| writing(&bin_path, e))?;
    let bin = bin::write_bin_into(&spec, &mut bin_out, progress);
    progress.finish();
    let bin = bin?;
    let mut handles = atomic::commit_all(vec![(targz_out, Some(0o644)), (bin_out, Some(0o755))], false)?;
    let bin_file = handles.pop().ok_or_else(|| io::Error::other("internal error: no installer handle"))?;
    folders.keep();
    Ok(Packaged { targz_path, targz, bin_path, bin, bin_file })
}
