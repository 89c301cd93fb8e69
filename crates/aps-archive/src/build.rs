//! `aps-pack build`: a package folder in, a reproducible `.app.zip` out.
//!
//! Layout of the archive: `APP-LIST.xml` first, then every folder and file in
//! byte order of their names (a folder `ui/` right before its content). All
//! entries carry the same DOS timestamp (the build time) and fixed attributes;
//! files are deflated at level 6 with the pure-Rust `zlib-rs` ([`crate::deflate`]), or stored
//! when deflate does not make them smaller. Incompressible data (already
//! compressed images, archives) is detected by deflating the first 64 KiB of a
//! file at the fastest level: if that saves less than 3 %, the file is stored
//! without spending time deflating all of it. The decision depends on the
//! bytes alone, so it is the same on every run and machine.
//!
//! How it runs: files are read once. Workers (rayon, all cores) hash
//! (SHA-256 for APP-LIST.xml, CRC-32 for zip), and compress a window of
//! files while the previous window is appended, in order, to a temporary
//! "body" file. Small files are compressed in memory; files over 4 MiB
//! stream through the compressor into their own temporary file, and stored
//! big files are copied from the source again (their CRC is checked on the
//! way, so a file changed mid-build is caught). Memory stays bounded by two
//! windows (about 2 × 24 MiB) whatever the package size. APP-LIST.xml can only
//! be written once every hash is known, yet must be the first entry: the
//! archive is assembled at the end as APP-LIST.xml + body + central directory
//! (the body copy is a kernel-side `copy_file_range` on Linux).
//!
//! Everything is written to temporary files beside the target and renamed
//! into place at the end: a failed or interrupted build leaves no archive.

use crate::applist::{self, ListEntry, APP_LIST, APP_META};
use crate::deflate::{deflate_bytes, Deflater};
use crate::meta::{self, MetaInfo};
use crate::rules;
use crate::select::{self, SelectOptions, SelectedFile, TEMP_PREFIX};
use crate::sign::Signer;
use crate::time::BuildTime;
use crate::zipwrite::{self, Counting, EntryRecord, METHOD_DEFLATED, METHOD_STORED};
use aps_diag::{Diagnostic, Progress, Severity, SourceFile};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Deflate level of every entry: zlib's default, as the official tools use.
pub const DEFLATE_LEVEL: i32 = 6;
/// Deflate level of the compressibility probe.
const PROBE_LEVEL: i32 = 1;
/// Files up to this size are read and compressed in memory.
const IN_MEMORY_MAX: u64 = 4 * 1024 * 1024;
/// Bytes deflated (at level 1) to decide whether a file is worth compressing.
const PROBE_LEN: usize = 64 * 1024;
/// Deflate must save at least this share (in percent) of the probe.
const PROBE_MIN_SAVING: usize = 3;
/// In-memory bytes prepared per window (two windows are in flight).
const WINDOW_BYTES: u64 = 24 * 1024 * 1024;
const WINDOW_ITEMS: usize = 256;
const STREAM_CHUNK: usize = 256 * 1024;
/// Metadata files (APP-META.xml, a committed APP-LIST.xml) are read whole up to this size.
const METADATA_MAX: u64 = 64 * 1024 * 1024;

/// Where the archive goes.
#[derive(Debug, Clone)]
pub enum Output {
    /// Exactly this file.
    File(PathBuf),
    /// `<name>-<version>-<release>.app.zip` in this folder.
    Dir(PathBuf),
}

/// Settings of one build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The package folder (holding APP-META.xml).
    pub root: PathBuf,
    pub output: Output,
    pub select: SelectOptions,
    pub time: BuildTime,
    /// Files made by aps-pack rather than found in the tree (schemas generated
    /// from PHP): `(archive name, bytes)`. One replaces a tree file of the same name.
    pub generated: Vec<(String, Vec<u8>)>,
    /// APP-META.xml as it should be archived (e.g. with `<schema>` elements
    /// added for generated schemas); the tree's file when `None`. `packaged`
    /// is set on it either way.
    pub meta_override: Option<String>,
}

/// What a successful build made.
#[derive(Debug)]
pub struct BuildOutcome {
    pub path: PathBuf,
    pub info: MetaInfo,
    pub files: usize,
    pub dirs: usize,
    /// Sum of the packaged files' sizes.
    pub content_bytes: u64,
    pub archive_bytes: u64,
    /// Findings that did not stop the build (warnings).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a build stopped.
#[derive(Debug)]
pub enum BuildError {
    /// Problems with the package (exit 1): non-portable names, links leaving the package…
    Findings(Vec<Diagnostic>),
    /// The build could not be carried out (exit 2): I/O errors, bad settings.
    Failed(String),
}

impl BuildError {
    fn io(what: impl std::fmt::Display, err: io::Error) -> Self {
        BuildError::Failed(format!("{what}: {err}"))
    }
}

impl From<crate::sign::SignError> for BuildError {
    fn from(e: crate::sign::SignError) -> Self {
        BuildError::Failed(e.to_string())
    }
}

/// One thing to put in the archive, in archive order.
enum Item<'a> {
    Dir(&'a str),
    File(&'a SelectedFile),
    Memory { name: &'a str, bytes: &'a [u8] },
}

impl Item<'_> {
    fn name(&self) -> &str {
        match self {
            Item::Dir(n) => n,
            Item::File(f) => &f.name,
            Item::Memory { name, .. } => name,
        }
    }

    /// Bytes this item holds in memory while it waits to be written.
    fn cost(&self) -> u64 {
        match self {
            Item::Dir(_) => 0,
            Item::File(f) if f.size <= IN_MEMORY_MAX => f.size,
            Item::File(_) => STREAM_CHUNK as u64 * 4,
            Item::Memory { bytes, .. } => bytes.len() as u64,
        }
    }
}

enum Payload {
    None,
    Memory(Vec<u8>),
    /// Compressed data in a temporary file.
    Temp(File),
    /// Stored data to copy from the source again.
    Source(PathBuf),
}

struct Prepared {
    name: String,
    is_dir: bool,
    method: u16,
    crc32: u32,
    size: u64,
    compressed_size: u64,
    sha256: [u8; 32],
    payload: Payload,
}

/// Whether deflating `sample` saves enough to be worth compressing the whole file.
fn worth_compressing(sample: &[u8]) -> bool {
    if sample.len() < PROBE_LEN {
        return true;
    }
    match deflate_bytes(&sample[..PROBE_LEN], PROBE_LEVEL) {
        Ok(compressed) => compressed.len() * 100 < PROBE_LEN * (100 - PROBE_MIN_SAVING),
        Err(_) => true,
    }
}

fn prepare_memory(name: &str, data: Vec<u8>) -> Prepared {
    let sha256: [u8; 32] = Sha256::digest(&data).into();
    let crc32 = crc32fast::hash(&data);
    let size = data.len() as u64;
    let mut method = METHOD_STORED;
    let mut payload = data;
    if !payload.is_empty() && worth_compressing(&payload) {
        if let Ok(compressed) = deflate_bytes(&payload, DEFLATE_LEVEL) {
            if (compressed.len() as u64) < size {
                method = METHOD_DEFLATED;
                payload = compressed;
            }
        }
    }
    Prepared {
        name: name.to_string(),
        is_dir: false,
        method,
        crc32,
        size,
        compressed_size: payload.len() as u64,
        sha256,
        payload: Payload::Memory(payload),
    }
}

/// Read `reader` to the end into `buf` chunks, calling `sink` for each.
fn read_chunks(reader: &mut impl Read, mut sink: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
    let mut buf = vec![0u8; STREAM_CHUNK];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        sink(&buf[..n])?;
    }
}

fn prepare_stream(file: &SelectedFile, temp_dir: &Path) -> io::Result<Prepared> {
    let mut source = File::open(&file.path)?;
    let mut head = Vec::with_capacity(PROBE_LEN);
    (&mut source).take(PROBE_LEN as u64).read_to_end(&mut head)?;
    let mut hasher = Sha256::new();
    let mut crc = crc32fast::Hasher::new();
    let mut size = head.len() as u64;
    hasher.update(&head);
    crc.update(&head);
    let record = |method, crc32, size, compressed_size, sha256, payload| Prepared {
        name: file.name.clone(),
        is_dir: false,
        method,
        crc32,
        size,
        compressed_size,
        sha256,
        payload,
    };
    if !worth_compressing(&head) {
        read_chunks(&mut source, |chunk| {
            hasher.update(chunk);
            crc.update(chunk);
            size += chunk.len() as u64;
            Ok(())
        })?;
        let sha: [u8; 32] = hasher.finalize().into();
        return Ok(record(
            METHOD_STORED,
            crc.finalize(),
            size,
            size,
            sha,
            Payload::Source(file.path.clone()),
        ));
    }
    let temp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(temp_dir)?.into_file();
    let mut enc = Deflater::new(Counting::new(BufWriter::with_capacity(STREAM_CHUNK, temp)), DEFLATE_LEVEL);
    enc.write_all(&head)?;
    drop(head);
    read_chunks(&mut source, |chunk| {
        hasher.update(chunk);
        crc.update(chunk);
        size += chunk.len() as u64;
        enc.write_all(chunk)
    })?;
    let counting = enc.finish()?;
    let compressed_size = counting.written;
    let mut temp = counting.inner.into_inner().map_err(|e| e.into_error())?;
    let sha: [u8; 32] = hasher.finalize().into();
    if compressed_size >= size {
        return Ok(record(
            METHOD_STORED,
            crc.finalize(),
            size,
            size,
            sha,
            Payload::Source(file.path.clone()),
        ));
    }
    temp.seek(SeekFrom::Start(0))?;
    Ok(record(METHOD_DEFLATED, crc.finalize(), size, compressed_size, sha, Payload::Temp(temp)))
}

fn prepare(item: &Item<'_>, temp_dir: &Path) -> Result<Prepared, BuildError> {
    match item {
        Item::Dir(name) => Ok(Prepared {
            name: name.to_string(),
            is_dir: true,
            method: METHOD_STORED,
            crc32: 0,
            size: 0,
            compressed_size: 0,
            sha256: [0; 32],
            payload: Payload::None,
        }),
        Item::Memory { name, bytes } => Ok(prepare_memory(name, bytes.to_vec())),
        Item::File(file) => {
            let read = || -> io::Result<Prepared> {
                if file.size <= IN_MEMORY_MAX {
                    let mut data = Vec::with_capacity(file.size as usize);
                    File::open(&file.path)?.read_to_end(&mut data)?;
                    if data.len() as u64 > IN_MEMORY_MAX {
                        return prepare_stream(file, temp_dir);
                    }
                    Ok(prepare_memory(&file.name, data))
                } else {
                    prepare_stream(file, temp_dir)
                }
            };
            read().map_err(|e| BuildError::io(format!("cannot read {}", file.path.display()), e))
        }
    }
}

/// Append one prepared entry to `out` (whose position is `out.written`).
fn write_entry<W: Write>(
    out: &mut Counting<W>,
    p: Prepared,
    dos: (u16, u16),
) -> Result<EntryRecord, BuildError> {
    let record = EntryRecord {
        name: p.name,
        method: p.method,
        crc32: p.crc32,
        compressed_size: p.compressed_size,
        size: p.size,
        offset: out.written,
        is_dir: p.is_dir,
        dos,
    };
    let fail = |e: io::Error| BuildError::io("cannot write the archive", e);
    out.write_all(&zipwrite::local_header(&record)).map_err(fail)?;
    match p.payload {
        Payload::None => {}
        Payload::Memory(data) => out.write_all(&data).map_err(fail)?,
        Payload::Temp(mut file) => {
            let copied = io::copy(&mut file, out).map_err(fail)?;
            if copied != record.compressed_size {
                return Err(BuildError::Failed(format!("temporary data of `{}` was truncated", record.name)));
            }
        }
        Payload::Source(path) => {
            let mut source = File::open(&path)
                .map_err(|e| BuildError::io(format!("cannot read {}", path.display()), e))?;
            let mut crc = crc32fast::Hasher::new();
            let mut copied = 0u64;
            read_chunks(&mut source, |chunk| {
                crc.update(chunk);
                copied += chunk.len() as u64;
                out.write_all(chunk)
            })
            .map_err(|e| BuildError::io(format!("cannot copy {}", path.display()), e))?;
            if copied != record.size || crc.finalize() != record.crc32 {
                return Err(BuildError::Failed(format!(
                    "{} changed while the archive was being built; build again",
                    path.display()
                )));
            }
        }
    }
    Ok(record)
}

fn windows<'a, 'b>(items: &'b [Item<'a>]) -> Vec<&'b [Item<'a>]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut cost = 0u64;
    for (i, item) in items.iter().enumerate() {
        if i > start && (cost + item.cost() > WINDOW_BYTES || i - start >= WINDOW_ITEMS) {
            out.push(&items[start..i]);
            start = i;
            cost = 0;
        }
        cost += item.cost();
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

fn read_metadata(path: &Path, what: &str) -> Result<String, BuildError> {
    let file = File::open(path).map_err(|e| BuildError::io(format!("cannot read {}", path.display()), e))?;
    let mut bytes = Vec::new();
    file.take(METADATA_MAX + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| BuildError::io(format!("cannot read {}", path.display()), e))?;
    if bytes.len() as u64 > METADATA_MAX {
        return Err(BuildError::Failed(format!("{what} is larger than 64 MiB")));
    }
    String::from_utf8(bytes).map_err(|_| BuildError::Failed(format!("{what} is not UTF-8")))
}

/// Refuse to replace anything but a regular file: renaming the finished archive over
/// a device node, a folder or a link to one would destroy it (or fail half-way).
pub fn check_output_target(target: &Path) -> Result<(), String> {
    let Ok(link_meta) = std::fs::symlink_metadata(target) else {
        return Ok(());
    };
    let followed = std::fs::metadata(target).ok();
    let kind = if link_meta.is_dir() {
        Some("a folder")
    } else if link_meta.file_type().is_symlink() && !followed.as_ref().is_some_and(|m| m.is_file()) {
        Some("a link to something that is not a regular file")
    } else if !link_meta.is_file() && !link_meta.file_type().is_symlink() {
        Some("not a regular file (a device, pipe or socket)")
    } else {
        None
    };
    match kind {
        Some(kind) => Err(format!(
            "the output {} exists and is {kind}; refusing to replace it (give the path of an archive file to write)",
            target.display()
        )),
        None => Ok(()),
    }
}

/// Refuse an output that would overwrite one of the package's own files, or that
/// the next build would pack into the archive.
fn check_not_in_package(
    target: &Path,
    out_dir: &Path,
    opts: &BuildOptions,
    selected: &[select::SelectedFile],
) -> Result<(), String> {
    let (Ok(root), Ok(dir), Some(name)) =
        (std::fs::canonicalize(&opts.root), std::fs::canonicalize(out_dir), target.file_name())
    else {
        return Ok(());
    };
    let Ok(rel) = dir.join(name).strip_prefix(&root).map(Path::to_path_buf) else {
        return Ok(());
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let overwrites = rel == APP_LIST
        || selected.iter().any(|f| f.name == rel)
        || opts.generated.iter().any(|(g, _)| *g == rel);
    if overwrites {
        return Err(format!(
            "the output {} is the package's own file `{rel}`; refusing to overwrite it (write the archive outside the package folder)",
            target.display()
        ));
    }
    if select::would_select(&opts.select, &rel).unwrap_or(true) {
        return Err(format!(
            "the output {} lies inside the package folder, where the next build would pack it; write it outside the package, to a folder that [build] exclude leaves out, or name it *.app.zip",
            target.display()
        ));
    }
    Ok(())
}

/// Calls `finish` when dropped, so a failed build clears its progress bar too.
struct Finish<'a>(&'a dyn Progress);

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        self.0.finish();
    }
}

/// A build decided but not yet written: the files chosen, APP-META.xml as it will
/// be archived (with `packaged` stamped), and the identity read from it. Its
/// [`StagedSource`] shows exactly the bytes the archive will hold, so the lint a
/// build runs sees what `verify` will see.
#[derive(Debug)]
pub struct Staged {
    pub selection: select::Selection,
    /// APP-META.xml as archived.
    pub meta_text: String,
    pub info: MetaInfo,
}

/// Choose the files and prepare APP-META.xml. Errors in the tree (non-portable
/// names, links leaving the package…) stop here.
pub fn stage(opts: &BuildOptions) -> Result<Staged, BuildError> {
    let selection =
        select::select(&opts.root, &opts.select).map_err(|e| BuildError::Failed(e.to_string()))?;
    if selection.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(BuildError::Findings(selection.diagnostics));
    }
    let Some(meta_file) = selection.files.iter().find(|f| f.name == APP_META) else {
        let shown = opts.root.join(APP_META).to_string_lossy().replace('\\', "/");
        let mut diagnostics = selection.diagnostics;
        diagnostics.push(
            Diagnostic::new(&rules::MISSING_APP_META, "the package folder has no APP-META.xml")
                .at_path(shown)
                .with_help("point aps-pack at the folder that holds APP-META.xml"),
        );
        return Err(BuildError::Findings(diagnostics));
    };
    let meta_text = match &opts.meta_override {
        Some(text) => text.clone(),
        None => read_metadata(&meta_file.path, "APP-META.xml")?,
    };
    let meta_text = meta::set_packaged(&meta_text, &opts.time.packaged()).map_err(BuildError::Failed)?;
    let info = meta::read_info(&meta_text).map_err(BuildError::Failed)?;
    // Names the build adds (APP-LIST.xml, generated schemas and their folders) must not
    // collide with the tree's, or the archive would fail `verify`.
    let mut added: Vec<String> = vec![APP_LIST.to_string()];
    for (name, _) in &opts.generated {
        added.push(name.clone());
        added.extend(name.match_indices('/').map(|(i, _)| name[..i].to_string()));
    }
    let added_refs: Vec<&str> = added.iter().map(String::as_str).collect();
    let mut all: Vec<&str> = selection.dirs.iter().map(|d| d.trim_end_matches('/')).collect();
    all.extend(selection.files.iter().map(|f| f.name.as_str()));
    all.extend(added_refs.iter().copied().filter(|a| !all.contains(a)).collect::<Vec<_>>());
    let collisions = select::name_collisions(&opts.root, &all, Some(&added_refs));
    if !collisions.is_empty() {
        let mut diagnostics = selection.diagnostics;
        diagnostics.extend(collisions);
        return Err(BuildError::Findings(diagnostics));
    }
    Ok(Staged { selection, meta_text, info })
}

impl Staged {
    /// The package exactly as the archive will hold it, shown under `display_root`
    /// (the tree's files keep their paths, so findings point where they can be fixed).
    pub fn source(&self, opts: &BuildOptions, display_root: impl Into<String>) -> StagedSource {
        let mut files: std::collections::BTreeMap<String, StagedFile> = self
            .selection
            .files
            .iter()
            .map(|f| (f.name.clone(), StagedFile::Disk(f.path.clone(), f.size)))
            .collect();
        for (name, bytes) in &opts.generated {
            files.insert(name.clone(), StagedFile::Memory(bytes.clone()));
        }
        files.insert(APP_META.to_string(), StagedFile::Memory(self.meta_text.clone().into_bytes()));
        StagedSource { display_root: display_root.into(), files }
    }
}

#[derive(Debug, Clone)]
enum StagedFile {
    Disk(PathBuf, u64),
    Memory(Vec<u8>),
}

/// A [`aps_model::PackageSource`] over a [`Staged`] build.
#[derive(Debug, Clone)]
pub struct StagedSource {
    display_root: String,
    files: std::collections::BTreeMap<String, StagedFile>,
}

impl aps_model::PackageSource for StagedSource {
    fn display_root(&self) -> &str {
        &self.display_root
    }

    fn files(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, aps_model::source::SourceError> {
        use aps_model::source::SourceError;
        match self.files.get(rel) {
            Some(StagedFile::Memory(bytes)) => Ok(bytes.clone()),
            Some(StagedFile::Disk(path, _)) => {
                std::fs::read(path).map_err(|e| SourceError::Io(e.to_string()))
            }
            None if aps_model::source::is_safe_relative_path(rel) => Err(SourceError::NotFound),
            None => Err(SourceError::InvalidPath),
        }
    }

    fn exists(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    fn size(&self, rel: &str) -> Option<u64> {
        match self.files.get(rel)? {
            StagedFile::Memory(bytes) => Some(bytes.len() as u64),
            StagedFile::Disk(_, size) => Some(*size),
        }
    }
}

/// Build the archive, signed by each of `signers` (none: unsigned).
pub fn build(
    opts: &BuildOptions,
    signers: &[Signer],
    progress: &dyn Progress,
) -> Result<BuildOutcome, BuildError> {
    let staged = stage(opts)?;
    write_staged(opts, staged, signers, progress, &|_| true)
}

/// Write a staged build to its target. `accept` sees the findings of the build
/// itself (a stale committed APP-LIST.xml, say) before the archive is moved into
/// place: when it says no, nothing is written and they come back as
/// [`BuildError::Findings`] (so `--deny-warnings` gates the artefact, not just the
/// exit code).
pub fn write_staged(
    opts: &BuildOptions,
    staged: Staged,
    signers: &[Signer],
    progress: &dyn Progress,
    accept: &dyn Fn(&[Diagnostic]) -> bool,
) -> Result<BuildOutcome, BuildError> {
    let Staged { selection, meta_text, info } = staged;
    let mut diagnostics = selection.diagnostics.clone();
    let target = match &opts.output {
        Output::File(path) => path.clone(),
        Output::Dir(dir) => dir.join(info.archive_file_name()),
    };
    let out_dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let Output::Dir(dir) = &opts.output {
        if dir.exists() && !dir.is_dir() {
            return Err(BuildError::Failed(format!(
                "the out-dir {} is a file, not a folder (pass a folder to --out-dir, or the archive's file name to -o)",
                dir.display()
            )));
        }
    }
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| BuildError::io(format!("cannot create {}", out_dir.display()), e))?;
    check_output_target(&target).map_err(BuildError::Failed)?;
    check_not_in_package(&target, &out_dir, opts, &selection.files).map_err(BuildError::Failed)?;

    // Folders of generated files that hold no file of the tree get their entry too.
    let extra_dirs: Vec<String> = {
        let mut set = std::collections::BTreeSet::new();
        for (name, _) in &opts.generated {
            for (i, _) in name.match_indices('/') {
                let dir = format!("{}/", &name[..i]);
                if selection.dirs.binary_search(&dir).is_err() {
                    set.insert(dir);
                }
            }
        }
        set.into_iter().collect()
    };
    let mut items: Vec<Item<'_>> =
        Vec::with_capacity(selection.files.len() + selection.dirs.len() + opts.generated.len());
    items.extend(selection.dirs.iter().chain(&extra_dirs).map(|d| Item::Dir(d)));
    for f in &selection.files {
        if f.name == APP_META {
            items.push(Item::Memory { name: APP_META, bytes: meta_text.as_bytes() });
        } else if !opts.generated.iter().any(|(name, _)| *name == f.name) {
            items.push(Item::File(f));
        }
    }
    items.extend(opts.generated.iter().map(|(name, bytes)| Item::Memory { name, bytes }));
    items.sort_by(|a, b| a.name().cmp(b.name()));

    let dos = opts.time.dos();
    let total: u64 = items
        .iter()
        .map(|i| match i {
            Item::File(f) => f.size,
            Item::Memory { bytes, .. } => bytes.len() as u64,
            Item::Dir(_) => 0,
        })
        .sum();
    let shown_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    progress.start(&format!("building {shown_name}"), total);
    let _finish = Finish(progress);
    let temp = |what: &str| {
        tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(&out_dir)
            .map_err(|e| BuildError::io(format!("cannot create a {what} in {}", out_dir.display()), e))
    };
    let body_file = temp("temporary file")?.into_file();
    let mut body = Counting::new(BufWriter::with_capacity(1 << 20, body_file));
    let mut records: Vec<EntryRecord> = Vec::with_capacity(items.len() + 1);
    let mut listed: Vec<ListEntry> = Vec::with_capacity(selection.files.len());

    let mut pending: Option<Vec<Result<Prepared, BuildError>>> = None;
    let all_windows = windows(&items);
    for window in all_windows.iter().map(Some).chain(std::iter::once(None)) {
        let (written, prepared) = rayon::join(
            || -> Result<(), BuildError> {
                for p in pending.take().into_iter().flatten() {
                    let p = p?;
                    if !p.is_dir {
                        listed.push(ListEntry { name: p.name.clone(), size: p.size, sha256: p.sha256 });
                    }
                    let size = p.size;
                    records.push(write_entry(&mut body, p, dos)?);
                    progress.advance(size);
                }
                Ok(())
            },
            || window.map(|w| w.par_iter().map(|item| prepare(item, &out_dir)).collect::<Vec<_>>()),
        );
        written?;
        pending = prepared;
    }

    if let Some(committed) = &selection.committed_app_list {
        // A committed APP-LIST.xml describes either the tree as it is on disk (an unpacked
        // official build) or an earlier build's output: a rewritten file (APP-META.xml,
        // regenerated schemas) matches when it matches either.
        let tree_listed: Vec<ListEntry> = listed
            .iter()
            .filter_map(|entry| {
                let rewritten =
                    entry.name == APP_META || opts.generated.iter().any(|(g, _)| *g == entry.name);
                if !rewritten {
                    return Some(entry.clone());
                }
                let on_disk = selection.files.iter().find(|f| f.name == entry.name)?;
                let bytes = std::fs::read(&on_disk.path).ok()?;
                Some(ListEntry {
                    name: entry.name.clone(),
                    size: bytes.len() as u64,
                    sha256: Sha256::digest(&bytes).into(),
                })
            })
            .collect();
        if let Some(d) = stale_app_list(&opts.root, committed, &listed, &tree_listed) {
            diagnostics.push(d);
        }
    }

    let list_text = applist::generate(&listed);
    let list_text = crate::sign::sign_all(&list_text, signers)?;
    let list = prepare_memory(APP_LIST, list_text.into_bytes());

    let mut body_file =
        body.inner.into_inner().map_err(|e| BuildError::io("cannot write the archive", e.into_error()))?;
    let body_len = body.written;
    let final_temp = aps_diag::atomic::AtomicFile::create(&target)
        .map_err(|e| BuildError::io(format!("cannot create the archive in {}", out_dir.display()), e))?;
    let mut out = Counting::new(BufWriter::with_capacity(1 << 20, final_temp.as_file()));
    let list_record = write_entry(&mut out, list, dos)?;
    let shift = out.written;
    out.flush().map_err(|e| BuildError::io("cannot write the archive", e))?;
    body_file.seek(SeekFrom::Start(0)).map_err(|e| BuildError::io("cannot read back the archive body", e))?;
    let copied =
        io::copy(&mut body_file, &mut out).map_err(|e| BuildError::io("cannot write the archive", e))?;
    if copied != body_len {
        return Err(BuildError::Failed("the temporary archive body was truncated".into()));
    }
    drop(body_file);
    let mut central = Vec::with_capacity(records.len() + 1);
    central.push(list_record);
    central.extend(records.into_iter().map(|mut r| {
        r.offset += shift;
        r
    }));
    let cd_offset = out.written;
    out.write_all(&zipwrite::central_directory(&central, cd_offset))
        .map_err(|e| BuildError::io("cannot write the archive", e))?;
    out.flush().map_err(|e| BuildError::io("cannot write the archive", e))?;
    let archive_bytes = out.written;
    drop(out);
    if !accept(&diagnostics) {
        // Dropping the temporary file removes it: the target is left as it was.
        return Err(BuildError::Findings(diagnostics));
    }
    final_temp.commit(None, true).map_err(|e| {
        BuildError::io(format!("cannot move the archive into place at {}", target.display()), e)
    })?;

    Ok(BuildOutcome {
        path: target,
        info,
        files: listed.len(),
        dirs: selection.dirs.len(),
        content_bytes: listed.iter().map(|l| l.size).sum(),
        archive_bytes,
        diagnostics,
    })
}

/// A warning when the committed APP-LIST.xml differs from what was built.
fn stale_app_list(root: &Path, path: &Path, built: &[ListEntry], tree: &[ListEntry]) -> Option<Diagnostic> {
    let shown = root.join(APP_LIST).to_string_lossy().replace('\\', "/");
    let text = match read_metadata(path, "APP-LIST.xml") {
        Ok(t) => t,
        Err(_) => {
            return Some(
                Diagnostic::new(
                    &rules::STALE_APP_LIST,
                    "the committed APP-LIST.xml cannot be read; it is ignored",
                )
                .at_path(shown),
            )
        }
    };
    let file = SourceFile::new(shown.clone(), text);
    let mut parse_diags = Vec::new();
    let help = "APP-LIST.xml is generated by `aps-pack build`; delete it from the source tree";
    let Some(committed) = applist::parse(&file, &mut parse_diags) else {
        return Some(
            Diagnostic::new(
                &rules::STALE_APP_LIST,
                "the committed APP-LIST.xml is not a valid file list; it is ignored",
            )
            .in_file(&file)
            .with_help(help),
        );
    };
    let mut differences = Vec::new();
    let same = |l: &ListEntry, e: &ListEntry| l.size == e.size && l.sha256 == e.sha256;
    for entry in built {
        let as_in_tree = tree.iter().find(|t| t.name == entry.name);
        if let (Some(l), Some(t)) = (committed.get(&entry.name), as_in_tree) {
            if same(&l.entry, t) {
                continue;
            }
        }
        match committed.get(&entry.name) {
            None => differences.push(format!("`{}` is not listed", entry.name)),
            Some(l) if l.entry.size != entry.size => differences.push(format!(
                "`{}` is listed with {} bytes, the file has {}",
                entry.name, l.entry.size, entry.size
            )),
            Some(l) if l.entry.sha256 != entry.sha256 => {
                differences.push(format!("`{}` is listed with a different SHA-256", entry.name))
            }
            Some(_) => {}
        }
    }
    for l in &committed.files {
        if built.iter().any(|e| e.name == l.entry.name) {
            continue;
        }
        // A file the build leaves out (a root `.gitignore`, say) still matches the list
        // when the tree holds it unchanged.
        let on_disk = aps_model::source::is_safe_relative_path(&l.entry.name)
            .then(|| std::fs::read(root.join(&l.entry.name)).ok())
            .flatten();
        let unchanged = on_disk.is_some_and(|bytes| {
            bytes.len() as u64 == l.entry.size && <[u8; 32]>::from(Sha256::digest(&bytes)) == l.entry.sha256
        });
        if !unchanged {
            differences.push(format!("`{}` is listed but not packaged", l.entry.name));
        }
    }
    if differences.is_empty() && parse_diags.is_empty() {
        return None;
    }
    let count = differences.len().max(parse_diags.len());
    let mut d = Diagnostic::new(
        &rules::STALE_APP_LIST,
        format!("the committed APP-LIST.xml is stale ({count} difference(s)); it is ignored and replaced"),
    )
    .in_file(&file)
    .with_help(help);
    for difference in differences.iter().take(5) {
        d = d.with_note(difference.clone());
    }
    if differences.len() > 5 {
        d = d.with_note(format!("… and {} more", differences.len() - 5));
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, name: &str, bytes: &[u8]) {
        let p = root.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    fn package() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("pkg");
        write(
            &root,
            "APP-META.xml",
            b"<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n<id>http://x/a</id>\n<name>Demo App</name>\n<version>1.0</version>\n<release>7</release>\n</application>\n",
        );
        write(&root, "ui/app.js", "console.log('hi');\n".repeat(500).as_bytes());
        write(&root, "images/a.png", &noise(200_000, 1));
        write(&root, "scripts/big.txt", "a line of text that repeats\n".repeat(300_000).as_bytes());
        write(&root, "scripts/big.bin", &noise(5_000_000, 2));
        write(&root, "empty.txt", b"");
        dir
    }

    fn noise(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    fn opts(dir: &tempfile::TempDir, out: &str) -> BuildOptions {
        BuildOptions {
            root: dir.path().join("pkg"),
            output: Output::Dir(dir.path().join(out)),
            select: SelectOptions::default(),
            time: BuildTime::default(),
            generated: Vec::new(),
            meta_override: None,
        }
    }

    #[test]
    fn builds_are_byte_identical_and_named_from_meta() {
        let dir = package();
        let a = build(&opts(&dir, "a"), &[], &aps_diag::NoProgress).unwrap();
        let b = build(&opts(&dir, "b"), &[], &aps_diag::NoProgress).unwrap();
        assert_eq!(a.path.file_name().unwrap(), "Demo-App-1.0-7.app.zip");
        assert_eq!(std::fs::read(&a.path).unwrap(), std::fs::read(&b.path).unwrap());
        assert_eq!(a.files, 6);
        assert_eq!(a.dirs, 3);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the archive is left: {leftovers:?}");
    }

    #[test]
    fn entry_layout() {
        let dir = package();
        let a = build(&opts(&dir, "a"), &[], &aps_diag::NoProgress).unwrap();
        let bytes = std::fs::read(&a.path).unwrap();
        // First local header is APP-LIST.xml.
        assert_eq!(&bytes[30..42], b"APP-LIST.xml");
        let names = central_names(&bytes);
        assert_eq!(
            names,
            [
                "APP-LIST.xml",
                "APP-META.xml",
                "empty.txt",
                "images/",
                "images/a.png",
                "scripts/",
                "scripts/big.bin",
                "scripts/big.txt",
                "ui/",
                "ui/app.js"
            ]
        );
    }

    /// Names in central directory order.
    fn central_names(bytes: &[u8]) -> Vec<String> {
        let eocd = bytes.len() - 22;
        let count = u16::from_le_bytes([bytes[eocd + 10], bytes[eocd + 11]]) as usize;
        let mut pos = u32::from_le_bytes(bytes[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
        let mut names = Vec::new();
        for _ in 0..count {
            let n = u16::from_le_bytes([bytes[pos + 28], bytes[pos + 29]]) as usize;
            let e = u16::from_le_bytes([bytes[pos + 30], bytes[pos + 31]]) as usize;
            names.push(String::from_utf8(bytes[pos + 46..pos + 46 + n].to_vec()).unwrap());
            pos += 46 + n + e;
        }
        names
    }
}
