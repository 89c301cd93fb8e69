//! Which files of a package folder go into the archive.
//!
//! Rules, in order of precedence:
//! 1. `exclude` globs from `aps-pack.toml` leave a path out (they win over everything);
//! 2. `include` globs put back a path a default exclusion would drop;
//! 3. default exclusions, each with the reason `build --list -v` prints:
//!    - version-control and IDE state anywhere (`.git/`, `.svn/`, `.idea/`, `.vscode/`,
//!      `.settings/`, `.DS_Store`, `.project`, …), and `node_modules/`;
//!    - at the package root: the APS IDE's model and deployment files (`model.aird`,
//!      `model.types`, `deploy-image/`, `deployment.xml`), `.git*` files (`.gitignore`,
//!      `.gitattributes`, `.github/`), `.pre-commit-config.yaml`, `aps-pack.toml` and
//!      `APP-LIST.xml` (which is always generated);
//!    - local secrets: `.env` and `.env.*` anywhere, and keys and certificates (`*.pem`,
//!      `*.key`, `*.pfx`, `*.p12`) outside the package's own folders (`scripts/`, `ui/`,
//!      `images/`, `i18n/`, `schemas/` and those APP-META.xml names; a CA bundle
//!      under `scripts/` is the code's business and stays);
//!    - files the package's `.gitignore` files ignore (and those of the repository above
//!      it, up to the folder that holds `.git`), with git's precedence;
//!    - earlier `*.app.zip` outputs and leftovers of interrupted builds.
//!
//! `.gitignore` and `.gitkeep` files below the root stay: official builds keep them, and
//! they are often what keeps an empty folder (`scripts/logs/`) alive.
//!
//! A glob without `/` matches a name at any depth (`*.bak`); one with `/`
//! matches the path from the package root (`tests/**`, `/notes.txt`). A glob
//! matching a folder covers everything inside it.
//!
//! Symbolic links are followed while they stay inside the package; one that
//! leads outside is an error, as are broken links, loops and special files.
//! Folders are not archived for their own sake: the archive gets an entry for
//! every folder that holds a packaged file, so a checkout without empty
//! folders (git keeps none) builds the same archive as the working tree.

mod exclusions;
mod gitignore;
mod reading;

use crate::names;
use crate::rules::{self, UnsupportedFile};
use aps_diag::{Diagnostic, Violation};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use aps_diag::reading::FileIdentity;
use exclusions::default_exclusion;
pub use exclusions::{EXCLUDED_DIR_NAMES, EXCLUDED_FILE_NAMES, EXCLUDED_ROOT_NAMES, KEY_EXTENSIONS};
use gitignore::GitIgnores;

/// Prefix of the temporary files a build writes beside its output.
pub const TEMP_PREFIX: &str = ".aps-pack-";

/// Settings of the file selection (from `[build]` in `aps-pack.toml`).
#[derive(Debug, Clone, Default)]
pub struct SelectOptions {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// The package's own top-level folders (`scripts`, `ui`, …, see
    /// `aps_model::rules::declared_folders`): keys and
    /// certificates inside them are the application's own and are kept.
    pub declared: Vec<String>,
    /// Files of the tool's own that the configuration names (`/`-separated, from the
    /// root), with what they are: the lint baseline. Left out like `aps-pack.toml`.
    pub tool_files: Vec<(String, String)>,
}

/// A path the selection left out, and why (`build --list -v`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// `/`-separated path inside the package; folders end in `/`.
    pub name: String,
    pub reason: String,
}

/// One file to archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedFile {
    /// `/`-separated path inside the package.
    pub name: String,
    /// Where to read it (a link's path; reading follows the link).
    pub path: PathBuf,
    pub size: u64,
    /// The file the path led to when it was selected: reading refuses another.
    pub identity: FileIdentity,
    /// The package folder, canonical: reading refuses a file that is not below it.
    pub root: std::sync::Arc<Path>,
}

/// The outcome of walking a package folder.
#[derive(Debug, Default)]
pub struct Selection {
    /// Sorted by name.
    pub files: Vec<SelectedFile>,
    /// Every folder holding a selected file, as `name/`, sorted.
    pub dirs: Vec<String>,
    /// An `APP-LIST.xml` found at the root (ignored, but compared).
    pub committed_app_list: Option<PathBuf>,
    /// Problems with the tree: errors stop a build.
    pub diagnostics: Vec<Diagnostic>,
    /// What was left out, with the reason, sorted by name. A left-out folder is
    /// listed once, not file by file.
    pub excluded: Vec<Excluded>,
    /// The first entry listed in its folder and gone when looked at: the tree changed
    /// during the walk, so its findings (reported too) describe no state of it.
    pub vanished: Option<PathBuf>,
}

/// A glob setting that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid glob `{glob}` in [build] {setting}: {message}")]
pub struct GlobError {
    pub setting: &'static str,
    pub glob: String,
    pub message: String,
}

fn compile(setting: &'static str, globs: &[String]) -> Result<GlobSet, GlobError> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let pattern = match glob.strip_prefix('/') {
            Some(anchored) => anchored.to_string(),
            None if glob.contains('/') => glob.clone(),
            None => format!("**/{glob}"),
        };
        let pattern = pattern.trim_end_matches('/').to_string();
        let compiled: Glob = GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| GlobError { setting, glob: glob.clone(), message: e.kind().to_string() })?;
        builder.add(compiled);
    }
    builder.build().map_err(|e| GlobError { setting, glob: globs.join(", "), message: e.to_string() })
}

struct Matcher {
    include: GlobSet,
    exclude: GlobSet,
    declared: Vec<String>,
    tool_files: Vec<(String, String)>,
}

impl Matcher {
    /// `name` or one of its folders matches `set`.
    fn covers(set: &GlobSet, name: &str) -> bool {
        if set.is_empty() {
            return false;
        }
        if set.is_match(name) {
            return true;
        }
        name.match_indices('/').any(|(i, _)| set.is_match(&name[..i]))
    }

    /// Why `name` is left out, if it is; `ignored` says why `.gitignore` drops it.
    fn exclusion(&self, name: &str, is_dir: bool, ignored: Option<String>) -> Option<String> {
        // A package without its metadata is no package: nothing leaves APP-META.xml out.
        if name == "APP-META.xml" && !is_dir {
            return None;
        }
        if Self::covers(&self.exclude, name) {
            return Some("`[build] exclude` in aps-pack.toml".to_string());
        }
        if !is_dir {
            if let Some((_, what)) = self.tool_files.iter().find(|(file, _)| file == name) {
                return Some(what.clone());
            }
        }
        let default = default_exclusion(name, is_dir, &self.declared).or(ignored)?;
        if Self::covers(&self.include, name) {
            return None;
        }
        Some(default)
    }

    fn selected(&self, name: &str, is_dir: bool) -> bool {
        self.exclusion(name, is_dir, None).is_none()
    }

    /// Whether walking into folder `name` can still find a selected file.
    fn worth_entering(&self, name: &str, ignored: Option<String>) -> Option<String> {
        let reason = self.exclusion(name, true, ignored)?;
        // An include glob may still pick a file inside a folder excluded by default.
        if !self.include.is_empty() && !Self::covers(&self.exclude, name) {
            return None;
        }
        Some(reason)
    }
}

pub(crate) fn display(root: &Path, name: &str) -> String {
    let joined = if name.is_empty() { root.to_path_buf() } else { root.join(name) };
    aps_diag::display_path(&joined)
}

/// Whether a file at `rel` (relative to the package root, `/`-separated) would be
/// archived by a build with these settings.
pub fn would_select(opts: &SelectOptions, rel: &str) -> Result<bool, GlobError> {
    Ok(matcher(opts)?.selected(rel, false))
}

fn matcher(opts: &SelectOptions) -> Result<Matcher, GlobError> {
    Ok(Matcher {
        include: compile("include", &opts.include)?,
        exclude: compile("exclude", &opts.exclude)?,
        declared: opts.declared.clone(),
        tool_files: opts.tool_files.clone(),
    })
}

/// Walk `root` and choose the files to archive.
pub fn select(root: &Path, opts: &SelectOptions) -> Result<Selection, GlobError> {
    let matcher = matcher(opts)?;
    let gitignores = GitIgnores::new(root);
    let excluded: RefCell<Vec<Excluded>> = RefCell::new(Vec::new());
    let mut selection = Selection::default();
    let canonical_root = match std::fs::canonicalize(root) {
        Ok(p) => p,
        Err(e) => {
            selection
                .diagnostics
                .push(UnsupportedFile::UnreadableRoot { error: &e }.diagnostic().at_path(display(root, "")));
            return Ok(selection);
        }
    };
    let problems: RefCell<Vec<Diagnostic>> = RefCell::new(Vec::new());
    let relative = |path: &Path| -> Result<String, String> {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let mut out = String::new();
        for component in rel.components() {
            let part = component.as_os_str().to_str().ok_or_else(|| aps_diag::display_path(&rel))?;
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(part);
        }
        Ok(out)
    };

    let walker = walkdir::WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(
        |entry| {
            if entry.depth() == 0 {
                return true;
            }
            let name = match relative(entry.path()) {
                Ok(name) => name,
                Err(lossy) => {
                    problems.borrow_mut().push(
                        rules::NonUtf8FileName { lossy: &lossy }.diagnostic().at_path(display(root, &lossy)),
                    );
                    return false;
                }
            };
            let is_dir = entry.file_type().is_dir();
            let ignored = gitignores.ignored(root, &name, entry.path(), is_dir);
            let left_out = if is_dir {
                matcher.worth_entering(&name, ignored)
            } else {
                matcher.exclusion(&name, false, ignored)
            };
            if let Some(reason) = left_out {
                if name != "APP-LIST.xml" {
                    let shown = if is_dir { format!("{name}/") } else { name };
                    excluded.borrow_mut().push(Excluded { name: shown, reason });
                }
                return false;
            }
            if entry.path_is_symlink() {
                match std::fs::canonicalize(entry.path()) {
                    Ok(target) if target.starts_with(&canonical_root) => {
                        // A link must not smuggle in what is left out by name (`ui/x -> ../.env`).
                        let inside = target.strip_prefix(&canonical_root).ok().and_then(|t| t.to_str());
                        let inside = inside.map(aps_diag::slashes).unwrap_or_default();
                        let reason = (!inside.is_empty())
                            .then(|| matcher.exclusion(&inside, target.is_dir(), None))
                            .flatten();
                        if let Some(reason) = reason {
                            let shown = if is_dir { format!("{name}/") } else { name.clone() };
                            let reason = format!("a link to `{inside}`, which is left out: {reason}");
                            excluded.borrow_mut().push(Excluded { name: shown, reason });
                            return false;
                        }
                    }
                    Ok(target) => {
                        problems.borrow_mut().push(
                            rules::PathEscapesPackage { name: &name, target: &target }
                                .diagnostic()
                                .at_path(display(root, &name)),
                        );
                        return false;
                    }
                    Err(e) => {
                        problems.borrow_mut().push(
                            UnsupportedFile::Unfollowable { name: &name, error: &e }
                                .diagnostic()
                                .at_path(display(root, &name)),
                        );
                        return false;
                    }
                }
            }
            true
        },
    );

    let shared_root: std::sync::Arc<Path> = canonical_root.as_path().into();
    let mut files = Vec::new();
    let mut vanished = None;
    let mut gone = |path: &Path, e: &std::io::Error| {
        let missing = e.kind() == std::io::ErrorKind::NotFound && std::fs::symlink_metadata(path).is_err();
        if missing && vanished.is_none() {
            vanished = Some(path.to_path_buf());
        }
    };
    for item in walker {
        let entry = match item {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
                let name = relative(&path).unwrap_or_else(|lossy| lossy);
                let cause = err.io_error().map(|e| e.to_string()).unwrap_or_else(|| err.to_string());
                if let Some(e) = err.io_error() {
                    gone(&path, e);
                }
                let violation = if let Some(ancestor) = err.loop_ancestor() {
                    UnsupportedFile::LinkLoop { name: &name, ancestor }
                } else if path.symlink_metadata().map(|m| m.file_type().is_symlink()).unwrap_or(false) {
                    UnsupportedFile::BrokenLink { name: &name }
                } else {
                    UnsupportedFile::Unreadable { name: &name, cause: &cause }
                };
                problems.borrow_mut().push(violation.diagnostic().at_path(display(root, &name)));
                continue;
            }
        };
        if entry.depth() == 0 || entry.file_type().is_dir() {
            continue;
        }
        let Ok(name) = relative(entry.path()) else { continue };
        if !entry.file_type().is_file() {
            problems
                .borrow_mut()
                .push(UnsupportedFile::NotRegular { name: &name }.diagnostic().at_path(display(root, &name)));
            continue;
        }
        if name == "APP-LIST.xml" {
            selection.committed_app_list = Some(entry.path().to_path_buf());
            continue;
        }
        let ignored = gitignores.ignored(root, &name, entry.path(), false);
        if let Some(reason) = matcher.exclusion(&name, false, ignored) {
            excluded.borrow_mut().push(Excluded { name, reason });
            continue;
        }
        let metadata = match entry.metadata() {
            Ok(metadata) => metadata,
            Err(e) => {
                if let Some(io) = e.io_error() {
                    gone(entry.path(), io);
                }
                let cause = e.to_string();
                let violation = UnsupportedFile::Unreadable { name: &name, cause: &cause };
                problems.borrow_mut().push(violation.diagnostic().at_path(display(root, &name)));
                continue;
            }
        };
        let identity = FileIdentity::of(&metadata);
        let path = entry.path().to_path_buf();
        files.push(SelectedFile { name, path, size: metadata.len(), identity, root: shared_root.clone() });
    }
    // `APP-LIST.xml` is excluded by default; find it even when nothing else walks there.
    let committed = root.join("APP-LIST.xml");
    // Only a regular file: a link could point anywhere on the machine.
    let regular = std::fs::symlink_metadata(&committed).is_ok_and(|m| m.file_type().is_file());
    if selection.committed_app_list.is_none() && regular {
        selection.committed_app_list = Some(committed);
    }

    let mut diagnostics = problems.into_inner();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut dirs = BTreeSet::new();
    for file in &files {
        for (i, _) in file.name.match_indices('/') {
            dirs.insert(format!("{}/", &file.name[..i]));
        }
    }
    check_names(root, &files, &dirs, &mut diagnostics);
    selection.files = files;
    selection.dirs = dirs.into_iter().collect();
    selection.diagnostics = diagnostics;
    let mut excluded = excluded.into_inner();
    excluded.sort_by(|a, b| a.name.cmp(&b.name));
    selection.excluded = excluded;
    selection.vanished = vanished;
    Ok(selection)
}

fn check_names(
    root: &Path,
    files: &[SelectedFile],
    dirs: &BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    rules::non_portable_file_name::check(root, files, dirs, diagnostics);

    let all: Vec<&str> =
        dirs.iter().map(|d| d.trim_end_matches('/')).chain(files.iter().map(|f| f.name.as_str())).collect();
    diagnostics.extend(name_collisions(root, &all, None));
}

/// Paths that would be one file once unpacked: equal when letter case or Unicode
/// normalisation is ignored (as Windows and macOS do), the same check `verify` makes.
/// `names`: every file and folder (without a trailing `/`) the archive will hold; with
/// `involving`, only pairs with one of those names are reported (the others were already).
pub fn name_collisions(root: &Path, names: &[&str], involving: Option<&[&str]>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for &path in names {
        let key = names::fold_key(path);
        let Some(&first) = seen.get(&key) else {
            seen.insert(key, path);
            continue;
        };
        if first == path || involving.is_some_and(|new| !new.contains(&path) && !new.contains(&first)) {
            continue;
        }
        let d = if names::normalization_key(first) == names::normalization_key(path) {
            rules::NameNormalizationCollision { names: rules::Collision::Files { path, first } }.diagnostic()
        } else {
            rules::CaseCollision { names: rules::Collision::Files { path, first } }.diagnostic()
        };
        out.push(d.at_path(display(root, path)));
    }
    out
}

#[cfg(test)]
#[path = "select_tests.rs"]
mod tests;
