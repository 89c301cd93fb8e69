//! Staging the versions to publish: packaged or extracted into hidden
//! folders (beside their final place in a folder repository, in a temporary
//! folder for object storage), with the digest of every artefact.

use super::manifest::ManifestEntry;
use super::{Outcome, PublishInput, PublishOptions, PublishReport, Published, RepoError, ARTEFACTS};
use crate::bin::{self, BinHeader};
use crate::package;
use crate::targz::Digest;
use aps_diag::Severity;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A version staged in a hidden folder beside its final place.
pub(super) struct Staged {
    pub(super) app_id: String,
    pub(super) arch: String,
    pub(super) version: String,
    pub(super) stage: Option<Stage>,
    pub(super) digests: BTreeMap<&'static str, Digest>,
    pub(super) outcome: Outcome,
    pub(super) kept_image: Option<Digest>,
}

impl Staged {
    pub(super) fn final_dir(&self, root: &Path) -> PathBuf {
        root.join(&self.app_id).join(&self.arch).join(&self.version)
    }
    pub(super) fn rel(&self) -> String {
        format!("{}/{}/{}", self.app_id, self.arch, self.version)
    }
    /// What the report says of this version once it is in place.
    pub(super) fn published(&self) -> Published {
        Published {
            app_id: self.app_id.clone(),
            arch: self.arch.clone(),
            version: self.version.clone(),
            outcome: self.outcome,
            kept_image: self.kept_image.is_some(),
            files: self.files(),
        }
    }

    /// The version's files as the manifest records them, by name in the version folder:
    /// its artefacts, and an image already published that it keeps.
    pub(super) fn files(&self) -> Vec<(String, ManifestEntry)> {
        self.digests
            .iter()
            .map(|(name, d)| (name.to_string(), d))
            .chain(self.kept_image.iter().map(|d| ("image.qcow2".to_string(), d)))
            .map(|(name, d)| (name, ManifestEntry { size: d.size, sha256: d.sha256.clone() }))
            .collect()
    }
}

/// Folders created while staging, removed again (when empty) if publishing fails.
#[derive(Default)]
pub(super) struct Created(Vec<PathBuf>);

impl Created {
    pub(super) fn mkdir(&mut self, dir: &Path) -> io::Result<()> {
        let mut missing = Vec::new();
        let mut cur = Some(dir);
        while let Some(d) = cur {
            if d.exists() {
                break;
            }
            missing.push(d.to_path_buf());
            cur = d.parent();
        }
        std::fs::create_dir_all(dir)?;
        self.0.extend(missing);
        Ok(())
    }
    pub(super) fn undo(&self) {
        for d in &self.0 {
            let _ = std::fs::remove_dir(d); // only when empty
        }
    }
}

fn sync_file(path: &Path) -> io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

/// Copy `src` to `dest`, hashing on the way.
pub(super) fn copy_hashed(src: &Path, dest: &Path) -> io::Result<Digest> {
    let mut input = std::fs::File::open(src)?;
    let out = std::fs::File::create(dest)?;
    let mut hashing = crate::hashing::HashingWriter::new(io::BufWriter::with_capacity(1 << 20, out));
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        io::Write::write_all(&mut hashing, &buf[..n])?;
    }
    let (w, digest) = hashing.finish();
    let f = w.into_inner().map_err(|e| e.into_error())?;
    f.sync_all()?;
    Ok(digest)
}

pub(super) fn stage_all(
    root: &Path,
    inputs: &[PublishInput],
    opts: &PublishOptions,
    created: &mut Created,
    staged: &mut Vec<Staged>,
    report: &mut PublishReport,
) -> Result<(), RepoError> {
    let mut seen = BTreeSet::new();
    for input in inputs {
        let s = match input {
            PublishInput::Dir { dir, display, arch, version, app_id, image } => stage_dir(
                root,
                dir,
                display,
                arch,
                version,
                app_id.as_deref(),
                image.as_deref(),
                opts,
                created,
                report,
            )?,
            PublishInput::Bin { path } => stage_bin(root, path, created)?,
        };
        if !seen.insert(s.rel()) {
            return Err(RepoError::refusal(format!("{} is given twice", s.rel())));
        }
        staged.push(s);
    }
    Ok(())
}

pub(super) fn new_stage(
    root: &Path,
    app_id: &str,
    arch: &str,
    created: &mut Created,
) -> Result<Stage, RepoError> {
    let arch_dir = root.join(app_id).join(arch);
    created.mkdir(&arch_dir).map_err(|e| RepoError::io("cannot create", &arch_dir, e))?;
    let stage = tempfile::Builder::new()
        .prefix(".aps-stage.")
        .tempdir_in(&arch_dir)
        .map_err(|e| RepoError::io("cannot create a staging folder in", &arch_dir, e))?;
    set_dir_mode(stage.path());
    let tracked = aps_diag::atomic::Tracked::new(stage.path());
    Ok(Stage { dir: stage, _tracked: tracked })
}

/// A staging folder: removed when dropped, and when the run is interrupted.
pub(super) struct Stage {
    dir: tempfile::TempDir,
    _tracked: aps_diag::atomic::Tracked,
}

impl Stage {
    pub(super) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(super) fn keep(self) -> PathBuf {
        self.dir.keep()
    }
}

#[cfg(unix)]
fn set_dir_mode(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755));
}

#[cfg(not(unix))]
fn set_dir_mode(_p: &Path) {}

#[allow(clippy::too_many_arguments)]
pub(super) fn stage_dir(
    root: &Path,
    dir: &Path,
    display: &str,
    arch: &str,
    version: &str,
    app_id: Option<&str>,
    image: Option<&Path>,
    opts: &PublishOptions,
    created: &mut Created,
    report: &mut PublishReport,
) -> Result<Staged, RepoError> {
    let prepared = package::prepare(dir, display, app_id, image);
    let failing = prepared
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || (opts.deny_warnings && d.severity == Severity::Warning));
    if failing {
        let mut e = RepoError::refusal(format!("{display} has problems; nothing was published"));
        e.diagnostics = prepared.diagnostics;
        return Err(e);
    }
    let Some(app_id) = app_id.map(str::to_string).or_else(|| prepared.app_id_in_file.clone()) else {
        return Err(RepoError::new(format!("{display}: application.json has no appId")));
    };
    report.diagnostics.extend(prepared.diagnostics.iter().cloned());
    let stage = new_stage(root, &app_id, arch, created)?;
    let mut digests = BTreeMap::new();
    let targz = stage.path().join("application.tar.gz");
    // Its errors name the file: the archive written, or the input that could not be read.
    let d = package::write_targz(&prepared, opts.mtime, &targz).map_err(|e| RepoError::new(e.to_string()))?;
    sync_file(&targz).map_err(|e| RepoError::io("cannot write", &targz, e))?;
    digests.insert("application.tar.gz", d);
    if let Some(image) = image {
        let dest = stage.path().join("image.qcow2");
        let d = copy_hashed(image, &dest).map_err(|e| RepoError::io("cannot copy", image, e))?;
        digests.insert("image.qcow2", d);
    }
    chmod_files(stage.path());
    Ok(Staged {
        app_id,
        arch: arch.to_string(),
        version: version.to_string(),
        stage: Some(stage),
        digests,
        outcome: Outcome::Added,
        kept_image: None,
    })
}

fn chmod_files(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for name in ARTEFACTS {
            let _ = std::fs::set_permissions(dir.join(name), std::fs::Permissions::from_mode(0o644));
        }
    }
    let _ = dir;
}

pub(super) fn stage_bin(root: &Path, path: &Path, created: &mut Created) -> Result<Staged, RepoError> {
    // Not an installer at all is bad input (exit 2); a damaged payload below is a failed check.
    let header: BinHeader = bin::read_header(path).map_err(|e| {
        RepoError::new(format!("{}: {e}", path.display()))
            .help("give an installer made by `aps-pack zstack package`, or an application version folder")
    })?;
    let stage = new_stage(root, &header.app_id, &header.arch, created)?;
    let names: Vec<&'static str> = ARTEFACTS.iter().copied().filter(|n| header.member(n).is_some()).collect();
    let mut writers = Vec::new();
    for name in &names {
        let dest = stage.path().join(name);
        let file = std::fs::File::create(&dest).map_err(|e| RepoError::io("cannot write", &dest, e))?;
        writers.push(io::BufWriter::with_capacity(1 << 20, file));
    }
    let mut wanted: Vec<(&str, &mut dyn io::Write)> =
        names.iter().copied().zip(writers.iter_mut()).map(|(n, w)| (n, w as &mut dyn io::Write)).collect();
    let digests = bin::extract(path, &header, &mut wanted).map_err(|e| match e {
        bin::BinError::Damaged(why) => {
            RepoError::refusal(format!("{why}; nothing was published")).help("copy the installer again")
        }
        bin::BinError::Io(e) | bin::BinError::Unreadable { source: e, .. } => {
            RepoError::io("cannot read", path, e)
        }
        other @ bin::BinError::NotInstaller(_) => RepoError::new(format!("{}: {other}", path.display())),
    })?;
    drop(wanted);
    for (name, w) in names.iter().zip(writers) {
        let dest = stage.path().join(name);
        let file = w.into_inner().map_err(|e| RepoError::io("cannot write", &dest, e.into_error()))?;
        file.sync_all().map_err(|e| RepoError::io("cannot write", &dest, e))?;
    }
    chmod_files(stage.path());
    Ok(Staged {
        app_id: header.app_id,
        arch: header.arch,
        version: header.version,
        stage: Some(stage),
        digests: names.into_iter().zip(digests).collect(),
        outcome: Outcome::Added,
        kept_image: None,
    })
}

/// `layout` with the staged versions listed too.
pub(super) fn layout_with(layout: &super::Layout, staged: &[Staged]) -> super::Layout {
    let mut layout = layout.clone();
    for s in staged {
        layout
            .entry(s.app_id.clone())
            .or_default()
            .entry(s.arch.clone())
            .or_default()
            .insert(s.version.clone());
    }
    layout
}
