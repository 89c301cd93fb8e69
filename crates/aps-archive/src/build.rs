//! `aps-pack build`: a package folder in, a reproducible `.app.zip` out.
//!
//! Layout of the archive: `APP-LIST.xml` first, then every folder and file in
//! byte order of their names (a folder `ui/` right before its content). All
//! entries carry the same DOS timestamp (the build time) and fixed attributes;
//! files are deflated at level 6 ([`crate::deflate`]: libdeflate for files held in memory,
//! pigz-style primed chunks deflated in parallel for large files), or stored
//! when deflate does not make them smaller. Incompressible data (already
//! compressed images, archives) is recognised from the first 16 KiB of a file:
//! when Huffman-coding its bytes alone would save 10 % it is compressible
//! without trying; otherwise it is deflated at the fastest level, and if that
//! saves less than 3 %, the file is stored without spending time deflating all
//! of it. The decision depends on the bytes alone (integer arithmetic, fixed
//! library versions), so it is the same on every run and machine.
//!
//! How it runs: files are read once. One worker a core takes the next file
//! as soon as it is free, hashes it (SHA-256 for APP-LIST.xml, CRC-32 for
//! zip) and compresses it, while this thread appends the prepared entries, in
//! order, to a temporary "body" file (`build/pipeline.rs`). Files up to 4 MiB
//! are read whole into their worker's buffer and deflated in one go; only
//! their compressed bytes wait for the writer. Larger files stream, 1 MiB
//! chunks deflated in parallel, into their own temporary file. Stored files
//! are read again by the writer (their SHA-256 is checked on the way, so a file
//! changed mid-build is caught), except small ones, kept. Memory stays
//! bounded by a budget of 16 MiB of input taken but not yet written
//! (compressed, a fraction of that) plus one file per worker, whatever the
//! package size.
//! APP-LIST.xml can only be written once every hash is known, yet must be the
//! first entry: the archive is assembled at the end as APP-LIST.xml + body +
//! central directory (the body copied file to file, by the kernel:
//! `copy_file_range` on Linux).
//!
//! Everything is written to temporary files beside the target and renamed
//! into place at the end: a failed or interrupted build leaves no archive.

mod entries;
mod pipeline;

use crate::applist::{self, ListEntry, APP_LIST, APP_META};
pub use crate::meta::GeneratedFile;
use crate::meta::{self, MetaInfo};
use crate::rules;
use crate::select::{self, SelectOptions, TEMP_PREFIX};
use crate::sign::Signer;
use crate::time::BuildTime;
use crate::zipwrite::{self, Counting, EntryRecord};
use aps_diag::{Diagnostic, Progress, Severity, Violation};
use entries::{cannot_write, prepare_memory, write_entry, Item};
use sha2::{Digest, Sha256};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub use entries::DEFLATE_LEVEL;

/// Buffer of the archive's writers: headers and small entries gather in it;
/// larger payloads and the chunks of files read again bypass it.
const WRITE_BUFFER: usize = 128 * 1024;

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
    /// Files made by aps-pack rather than found in the tree (schemas generated from PHP).
    /// One replaces a tree file of the same name; APP-META.xml gains a `<schema path>` for
    /// each whose service declares none.
    pub generated: Vec<GeneratedFile>,
    /// What the archive may hold: the build refuses (PKG104) what `verify` with these
    /// limits would refuse. [`Limits::default`](crate::zipread::Limits) is what `verify` accepts.
    pub limits: crate::zipread::Limits,
}

/// What a successful build made.
#[derive(Debug)]
pub struct BuildOutcome {
    pub path: PathBuf,
    /// The archive as written: a handle that reads the built bytes even if something
    /// (another build to the same target) replaced the file at `path` since.
    pub archive: std::fs::File,
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
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems with the package (exit 1): non-portable names, links leaving the package…
    #[error("the package has {} problem(s)", .0.len())]
    Findings(Vec<Diagnostic>),
    /// The build could not be carried out (exit 2): bad settings, inputs it cannot use.
    #[error("{0}")]
    Failed(String),
    /// Reading the package or writing the archive failed (exit 2).
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Output(#[from] OutputTargetError),
    #[error(transparent)]
    Sign(#[from] crate::sign::SignError),
}

impl BuildError {
    fn io(what: impl std::fmt::Display, source: io::Error) -> Self {
        BuildError::Io { what: what.to_string(), source }
    }
}

pub(crate) fn read_metadata(path: &Path, what: &str) -> Result<String, BuildError> {
    let (file, _) = aps_diag::reading::open_regular(path)
        .map_err(|e| BuildError::io(format!("cannot read {}", path.display()), e))?;
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
pub fn check_output_target(target: &Path) -> Result<(), OutputTargetError> {
    match aps_diag::atomic::file_obstacle(target) {
        Some(kind) => Err(OutputTargetError { path: target.to_path_buf(), kind }),
        None => Ok(()),
    }
}

/// The output path names something a finished archive must not replace.
#[derive(Debug, thiserror::Error)]
#[error(
    "the output {} exists and is {kind}; refusing to replace it (give the path of an archive file to write)",
    path.display()
)]
pub struct OutputTargetError {
    pub path: PathBuf,
    /// What is there instead of a regular file ("a folder, not a regular file").
    pub kind: String,
}

/// `target`'s name inside the package folder `root` (`/`-separated), when it lies inside
/// it (folders resolved through links; the file itself need not exist).
pub fn name_in_package(root: &Path, target: &Path) -> Option<String> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let (root, dir, name) =
        (std::fs::canonicalize(root).ok()?, std::fs::canonicalize(dir).ok()?, target.file_name()?);
    dir.join(name).strip_prefix(&root).ok().map(aps_diag::display_path)
}

/// The name of the package file that an output at `target` would replace: APP-META.xml,
/// or a file there that the selection `select` takes. Outputs of any command (the
/// archive, lint's reports and baselines) are refused there: they would overwrite
/// what the command reads.
pub fn own_file(root: &Path, target: &Path, select: &select::SelectOptions) -> Option<String> {
    let rel = name_in_package(root, target)?;
    let own =
        rel == APP_META || (is_file_there(root, &rel) && select::would_select(select, &rel).unwrap_or(true));
    own.then_some(rel)
}

/// The name below `root` of `target` when it is there already and is not a folder: a file
/// an output at `target` would replace.
pub fn existing_file_in(root: &Path, target: &Path) -> Option<String> {
    let rel = name_in_package(root, target)?;
    is_file_there(root, &rel).then_some(rel)
}

fn is_file_there(root: &Path, rel: &str) -> bool {
    std::fs::symlink_metadata(root.join(rel)).is_ok_and(|m| !m.is_dir())
}

/// Refuse an output that would overwrite one of the package's own files, or that
/// the next build would pack into the archive.
fn check_not_in_package(
    target: &Path,
    out_dir: &Path,
    opts: &BuildOptions,
    selected: &[select::SelectedFile],
) -> Result<(), String> {
    let Some(name) = target.file_name() else { return Ok(()) };
    let Some(rel) = name_in_package(&opts.root, &out_dir.join(name)) else {
        return Ok(());
    };
    let overwrites = rel == APP_LIST
        || selected.iter().any(|f| f.name == rel)
        || opts.generated.iter().any(|g| g.name == rel);
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

/// The folder the archive goes to.
fn out_dir_of(target: &Path) -> &Path {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Refuse, before any work, an output no archive can be written to: `-o` ending with `/`
/// (it names the archive file), or naming something a finished archive must not replace
/// ([`check_output_target`]); or a folder for it that is, or lies below, something other
/// than a folder (a file, a FIFO, a link that leads nowhere…).
pub fn check_output(output: &Output) -> Result<(), BuildError> {
    let (dir, file) = match output {
        Output::File(path) => (out_dir_of(path), Some(path)),
        Output::Dir(dir) => (dir.as_path(), None),
    };
    if let Some(path) = file {
        let shown = path.display().to_string();
        if shown.ends_with('/') || shown.ends_with(std::path::MAIN_SEPARATOR) {
            return Err(BuildError::Failed(format!(
                "the output {shown} ends with `/`: -o takes the archive's file name, such as \
                 {shown}NAME.app.zip (or use --out-dir {shown} to name it <name>-<version>-<release>.app.zip)"
            )));
        }
    }
    if let Some(obstacle) = aps_diag::atomic::folder_obstacle(dir) {
        return Err(BuildError::Failed(match (file, obstacle.is(dir)) {
            (Some(path), true) => format!("cannot write the archive {}: {obstacle}", path.display()),
            (None, true) => format!(
                "the out-dir {obstacle} (pass a folder to --out-dir, or the archive's file name to -o)"
            ),
            (_, false) => format!("cannot create the folder {} for the archive: {obstacle}", dir.display()),
        }));
    }
    match file {
        Some(path) => check_output_target(path).map_err(BuildError::from),
        None => Ok(()),
    }
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
    /// What the staged lint read of each tree file, by name: the archive must hold
    /// those bytes, or the lint's verdict would be about other content.
    linted: LintedDigests,
    /// The first tree file the staged lint could not read. Each was listed a moment
    /// before, so the tree changed under the build: the lint's findings about it (a
    /// missing schema, say) describe no state of the package and must not be reported.
    unread: Shared<Option<BuildError>>,
}

type Shared<T> = std::sync::Arc<std::sync::Mutex<T>>;
type LintedDigests = Shared<std::collections::BTreeMap<String, [u8; 32]>>;

impl Staged {
    /// The archive file the build writes: `-o`'s, or `<name>-<version>-<release>.app.zip` in
    /// the out-dir.
    pub fn target(&self, opts: &BuildOptions) -> PathBuf {
        match &opts.output {
            Output::File(path) => path.clone(),
            Output::Dir(dir) => dir.join(self.info.archive_file_name()),
        }
    }
}

/// Choose the files and prepare APP-META.xml. Errors in the tree (non-portable
/// names, links leaving the package…) stop here.
///
/// `meta` is the model of the tree's APP-META.xml (`None` when the tree has none).
pub fn stage(opts: &BuildOptions, meta: Option<&aps_model::AppMeta>) -> Result<Staged, BuildError> {
    let selection =
        select::select(&opts.root, &opts.select).map_err(|e| BuildError::Failed(e.to_string()))?;
    if let Some(path) = &selection.vanished {
        let gone = aps_diag::reading::changed("it disappeared");
        return Err(BuildError::io(format!("cannot read {}", path.display()), gone));
    }
    if selection.diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(BuildError::Findings(selection.diagnostics));
    }
    if !selection.files.iter().any(|f| f.name == APP_META) {
        let shown = aps_diag::display_path(&opts.root.join(APP_META));
        let mut diagnostics = selection.diagnostics;
        diagnostics.push(rules::MissingAppMeta::Folder.diagnostic().at_path(shown));
        return Err(BuildError::Findings(diagnostics));
    }
    let Some(meta) = meta else {
        return Err(BuildError::Failed("APP-META.xml could not be read".into()));
    };
    // The model was read before the selection: it must be of the file selected (not of a
    // link put in its place for a moment), as the archive gets the model's text.
    if let Some(selected) = selection.files.iter().find(|f| f.name == APP_META) {
        let same = selected.read().and_then(|bytes| match bytes == meta.file.text().as_bytes() {
            true => Ok(()),
            false => Err(aps_diag::reading::changed("it changed")),
        });
        same.map_err(|e| BuildError::io(format!("cannot read {}", selected.path.display()), e))?;
    }
    // The model holds the text it was read from: the archive gets those bytes, edited, and
    // the staged lint sees exactly them, so the file is not read a second time.
    let meta_text = meta::archived_app_meta(meta, &opts.time.packaged(), &opts.generated);
    let info = MetaInfo::of(meta);
    // Names the build adds (APP-LIST.xml, generated schemas and their folders) must not
    // collide with the tree's, or the archive would fail `verify`.
    let mut added: Vec<String> = vec![APP_LIST.to_string()];
    for name in opts.generated.iter().map(|g| &g.name) {
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
    Ok(Staged { selection, meta_text, info, linted: LintedDigests::default(), unread: Shared::default() })
}

impl Staged {
    /// The package exactly as the archive will hold it, shown under `display_root`
    /// (the tree's files keep their paths, so findings point where they can be fixed).
    pub fn source(&self, opts: &BuildOptions, display_root: impl Into<String>) -> StagedSource {
        let mut files: std::collections::BTreeMap<String, StagedFile> =
            self.selection.files.iter().map(|f| (f.name.clone(), StagedFile::Disk(f.clone()))).collect();
        for g in &opts.generated {
            files.insert(g.name.clone(), StagedFile::Memory(g.bytes.clone()));
        }
        files.insert(APP_META.to_string(), StagedFile::Memory(self.meta_text.clone().into_bytes()));
        StagedSource {
            display_root: display_root.into(),
            files,
            linted: self.linted.clone(),
            unread: self.unread.clone(),
        }
    }

    /// Why a tree file could not be read by the staged lint, if one could not: the build
    /// stops with this (exit 2, "run again") instead of the lint's findings.
    pub fn take_read_failure(&self) -> Option<BuildError> {
        self.unread.lock().ok().and_then(|mut unread| unread.take())
    }
}

#[derive(Debug, Clone)]
enum StagedFile {
    Disk(select::SelectedFile),
    Memory(Vec<u8>),
}

/// A [`aps_model::PackageSource`] over a [`Staged`] build.
#[derive(Debug, Clone)]
pub struct StagedSource {
    display_root: String,
    files: std::collections::BTreeMap<String, StagedFile>,
    linted: LintedDigests,
    unread: Shared<Option<BuildError>>,
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
            Some(StagedFile::Disk(file)) => {
                let bytes = file.read().inspect_err(|e| {
                    if let Ok(mut unread) = self.unread.lock() {
                        let what = format!("cannot read {}", file.path.display());
                        unread.get_or_insert_with(|| {
                            BuildError::io(what, io::Error::new(e.kind(), e.to_string()))
                        });
                    }
                });
                let bytes = bytes.map_err(|e| SourceError::Io(e.into()))?;
                let digest: [u8; 32] = Sha256::digest(&bytes).into();
                // Poisoned only by a panic elsewhere, which fails the build anyway.
                if let Ok(mut linted) = self.linted.lock() {
                    linted.insert(rel.to_string(), digest);
                }
                Ok(bytes)
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
            StagedFile::Disk(file) => Some(file.size),
        }
    }
}

/// Build the archive, signed by each of `signers` (none: unsigned).
pub fn build(
    opts: &BuildOptions,
    signers: &[Signer],
    progress: &dyn Progress,
) -> Result<BuildOutcome, BuildError> {
    let meta = match tree_app_meta(&opts.root) {
        Ok(meta) => Some(meta),
        // Staging reports the missing file with the tree's other findings.
        Err(_) if !opts.root.join(APP_META).exists() => None,
        Err(e) => return Err(e),
    };
    let staged = stage(opts, meta.as_ref())?;
    write_staged(opts, staged, signers, progress, &|_| true)
}

/// The model of the tree's APP-META.xml, for callers that have not loaded the package.
pub fn tree_app_meta(root: &Path) -> Result<aps_model::AppMeta, BuildError> {
    let text = read_metadata(&root.join(APP_META), "APP-META.xml")?;
    let file = std::sync::Arc::new(aps_diag::SourceFile::new(APP_META, text));
    match aps_model::parse_app_meta(&file) {
        (Some(meta), _) => Ok(meta),
        (None, diags) => {
            let why = diags.first().map(|d| d.message.clone()).unwrap_or_else(|| "it cannot be read".into());
            Err(BuildError::Failed(format!("APP-META.xml: {why}")))
        }
    }
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
    if let Some(failure) = staged.take_read_failure() {
        return Err(failure);
    }
    let target = staged.target(opts);
    let Staged { selection, meta_text, info, linted, .. } = staged;
    let linted = linted.lock().map(|mut linted| std::mem::take(&mut *linted)).unwrap_or_default();
    let mut diagnostics = selection.diagnostics.clone();
    let out_dir = out_dir_of(&target).to_path_buf();
    check_output(&opts.output)?;
    // Made for this archive only: a build that writes nothing leaves none of them.
    let mut folders = aps_diag::atomic::NewFolders::default();
    folders.create(&out_dir).map_err(|e| BuildError::Failed(format!("cannot write the archive: {e}")))?;
    check_output_target(&target)?;
    check_not_in_package(&target, &out_dir, opts, &selection.files).map_err(BuildError::Failed)?;

    // Folders of generated files that hold no file of the tree get their entry too.
    let extra_dirs: Vec<String> = {
        let mut set = std::collections::BTreeSet::new();
        for name in opts.generated.iter().map(|g| &g.name) {
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
        } else if !opts.generated.iter().any(|g| g.name == f.name) {
            items.push(Item::File(f));
        }
    }
    items.extend(opts.generated.iter().map(|g| Item::Memory { name: &g.name, bytes: &g.bytes }));
    items.sort_by(|a, b| a.name().cmp(b.name()));

    // APP-LIST.xml is one entry more: verify counts it against the same limit.
    let limits = opts.limits;
    if items.len() + 1 > limits.max_entries {
        return Err(BuildError::Findings(vec![rules::ArchiveTooLarge::Entries {
            count: items.len() as u64 + 1,
            limit: limits.max_entries,
        }
        .diagnostic()
        .at_path(select::display(&opts.root, ""))]));
    }
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
            .map_err(aps_diag::atomic::without_temp_path)
            .map_err(|e| BuildError::io(format!("cannot create a {what} in {}", out_dir.display()), e))
    };
    let body_file = temp("temporary file")?.into_file();
    let mut body = Counting::new(BufWriter::with_capacity(WRITE_BUFFER, body_file));
    let mut records: Vec<EntryRecord> = Vec::with_capacity(items.len() + 1);
    let mut listed: Vec<ListEntry> = Vec::with_capacity(selection.files.len());

    let mut expanded = 0u64;
    pipeline::prepare_in_order(&items, &out_dir, rayon::current_num_threads(), |p| {
        if linted.get(&p.name).is_some_and(|digest| *digest != p.sha256) {
            return Err(BuildError::Failed(format!(
                "{} changed after it was checked, while the archive was being built; build again",
                opts.root.join(&p.name).display()
            )));
        }
        expanded = expanded.saturating_add(p.size);
        if let Some(refused) = p.refused_by(&limits, expanded) {
            return Err(BuildError::Findings(vec![refused.at_path(select::display(&opts.root, &p.name))]));
        }
        if !p.is_dir {
            listed.push(ListEntry { name: p.name.clone(), size: p.size, sha256: p.sha256 });
        }
        let size = p.size;
        records.push(write_entry(&mut body, p, dos, &target)?);
        progress.advance(size);
        Ok(())
    })
    .map_err(|e| match e {
        BuildError::Findings(found) => {
            BuildError::Findings(diagnostics.iter().cloned().chain(found).collect())
        }
        e => e,
    })?;

    if let Some(committed) = &selection.committed_app_list {
        // A committed APP-LIST.xml describes either the tree as it is on disk (an unpacked
        // official build) or an earlier build's output: a rewritten file (APP-META.xml,
        // regenerated schemas) matches when it matches either.
        let tree_listed: Vec<ListEntry> = listed
            .iter()
            .filter_map(|entry| {
                let rewritten = entry.name == APP_META || opts.generated.iter().any(|g| g.name == entry.name);
                if !rewritten {
                    return Some(entry.clone());
                }
                let on_disk = selection.files.iter().find(|f| f.name == entry.name)?;
                let bytes = on_disk.read().ok()?;
                Some(ListEntry {
                    name: entry.name.clone(),
                    size: bytes.len() as u64,
                    sha256: Sha256::digest(&bytes).into(),
                })
            })
            .collect();
        if let Some(d) = rules::stale_app_list::check(&opts.root, committed, &listed, &tree_listed) {
            diagnostics.push(d);
        }
    }

    let list_text = applist::generate(&listed);
    let list_text = crate::sign::sign_all(&list_text, signers)?;
    let list = prepare_memory(APP_LIST, list_text.into_bytes());
    if let Some(refused) = list.refused_by(&limits, expanded.saturating_add(list.size)) {
        let shown = select::display(&opts.root, APP_LIST);
        return Err(BuildError::Findings(diagnostics.into_iter().chain([refused.at_path(shown)]).collect()));
    }

    let writing_failed = |e: io::Error| cannot_write(&target, e);
    let mut body_file = body.inner.into_inner().map_err(|e| writing_failed(e.into_error()))?;
    let body_len = body.written;
    let final_temp = aps_diag::atomic::AtomicFile::create(&target)
        .map_err(|e| BuildError::io(format!("cannot create the archive in {}", out_dir.display()), e))?;
    let mut out = Counting::new(BufWriter::with_capacity(WRITE_BUFFER, final_temp.as_file()));
    let list_record = write_entry(&mut out, list, dos, &target)?;
    let shift = out.written;
    out.flush().map_err(writing_failed)?;
    body_file.seek(SeekFrom::Start(0)).map_err(|e| BuildError::io("cannot read back the archive body", e))?;
    // File to file, so that the kernel copies (`copy_file_range` on Linux) without
    // the bytes passing through this process; the buffer is empty, flushed above.
    let copied = io::copy(&mut body_file, out.inner.get_mut()).map_err(writing_failed)?;
    out.written += copied;
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
    out.write_all(&zipwrite::central_directory(&central, cd_offset)).map_err(writing_failed)?;
    out.flush().map_err(writing_failed)?;
    let archive_bytes = out.written;
    drop(out);
    if !accept(&diagnostics) {
        // Dropping the temporary file removes it: the target is left as it was.
        return Err(BuildError::Findings(diagnostics));
    }
    let archive = final_temp
        .as_file()
        .try_clone()
        .map_err(|e| BuildError::io(format!("cannot write the archive at {}", target.display()), e))?;
    final_temp.commit(None, true).map_err(|e| {
        BuildError::io(format!("cannot move the archive into place at {}", target.display()), e)
    })?;
    folders.keep();

    Ok(BuildOutcome {
        path: target,
        archive,
        info,
        files: listed.len(),
        dirs: selection.dirs.len(),
        content_bytes: listed.iter().map(|l| l.size).sum(),
        archive_bytes,
        diagnostics,
    })
}

#[cfg(test)]
#[path = "build_tests.rs"]
mod tests;
