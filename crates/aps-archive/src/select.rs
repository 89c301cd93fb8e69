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

use crate::names;
use crate::rules;
use aps_diag::Diagnostic;
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Folders (by name, anywhere) a package never needs: version control, IDE state, npm.
pub const EXCLUDED_DIR_NAMES: &[&str] = &[
    ".git",
    ".svn",
    ".hg",
    ".bzr",
    "CVS",
    "_darcs",
    ".idea",
    ".vscode",
    ".settings",
    ".vs",
    "__MACOSX",
    "node_modules",
];
/// Files (by name, anywhere) a package never needs.
pub const EXCLUDED_FILE_NAMES: &[&str] =
    &[".git", ".DS_Store", "Thumbs.db", "desktop.ini", ".project", ".classpath", ".buildpath"];
/// Names excluded at the package root only.
pub const EXCLUDED_ROOT_NAMES: &[&str] = &[
    "deploy-image",
    "deployment.xml",
    "model.aird",
    "model.types",
    ".pre-commit-config.yaml",
    "aps-pack.toml",
    "APP-LIST.xml",
];
/// Extensions of keys and certificates, left out unless under a declared folder.
pub const KEY_EXTENSIONS: &[&str] = &["pem", "key", "pfx", "p12"];
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
}

/// A glob setting that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobError {
    pub setting: &'static str,
    pub glob: String,
    pub message: String,
}

impl std::fmt::Display for GlobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid glob `{}` in [build] {}: {}", self.glob, self.setting, self.message)
    }
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
}

/// Why a path is left out by default, if it is.
fn default_exclusion(name: &str, is_dir: bool, declared: &[String]) -> Option<String> {
    let parts: Vec<&str> = name.split('/').collect();
    let last_index = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        let last = i == last_index;
        let as_dir = !last || is_dir;
        if as_dir && is_env_name(part) {
            return Some(format!("local secrets folder `{part}/`"));
        }
        if as_dir && EXCLUDED_DIR_NAMES.contains(part) {
            return Some(if *part == "node_modules" {
                "npm dependencies (`node_modules/`)".to_string()
            } else {
                format!("version-control or IDE folder `{part}/`")
            });
        }
        if i == 0 && EXCLUDED_ROOT_NAMES.contains(part) {
            return Some(match *part {
                "APP-LIST.xml" => "generated by every build".to_string(),
                "aps-pack.toml" | ".pre-commit-config.yaml" => format!("tool configuration `{part}`"),
                _ => format!("APS IDE project file `{part}`"),
            });
        }
        if i == 0 && part.starts_with(".git") {
            return Some(format!("git metadata `{part}` at the package root"));
        }
        if last && !is_dir {
            if EXCLUDED_FILE_NAMES.contains(part) {
                return Some(format!("version-control or IDE file `{part}`"));
            }
            if part.ends_with(".app.zip") {
                return Some("an earlier build output".to_string());
            }
            if part.starts_with(TEMP_PREFIX) || aps_diag::atomic::is_temp_name(part) {
                return Some("a leftover of an interrupted build".to_string());
            }
            if is_env_name(part) {
                return Some(format!("local secrets file `{part}`"));
            }
            let ext = part.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if ext.as_deref().is_some_and(|e| KEY_EXTENSIONS.contains(&e))
                && !declared.iter().any(|d| parts[0] == d.as_str() && parts.len() > 1)
            {
                return Some(format!("key or certificate `{part}` outside the package's own folders"));
            }
        }
    }
    None
}

/// `.env`, `.env.local`, `.env.d`, `.envrc` (direnv): where local secrets live.
fn is_env_name(part: &str) -> bool {
    part == ".env" || part == ".envrc" || part.starts_with(".env.")
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

/// The `.gitignore` files that apply to a package: its own, and those of the
/// repository folders above it (up to the one holding `.git`), with git's rule that
/// the deepest file decides.
struct GitIgnores {
    /// Folder → its `.gitignore`, parsed on first use.
    by_dir: RefCell<HashMap<PathBuf, Option<std::rc::Rc<Gitignore>>>>,
    /// Folders above the package root whose `.gitignore` applies, outermost first.
    above: Vec<PathBuf>,
    canonical_root: Option<PathBuf>,
}

impl GitIgnores {
    fn new(root: &Path) -> Self {
        let mut above = Vec::new();
        let canonical_root = std::fs::canonicalize(root).ok();
        if let Some(canonical) = canonical_root.clone() {
            let mut chain = Vec::new();
            let mut dir = canonical.parent();
            let mut found_git = canonical.join(".git").exists();
            while let (false, Some(d)) = (found_git, dir) {
                chain.push(d.to_path_buf());
                found_git = d.join(".git").exists();
                dir = d.parent();
            }
            // Outside a repository, only the package's own files count.
            if found_git {
                chain.reverse();
                above = chain;
            }
        }
        GitIgnores { by_dir: RefCell::new(HashMap::new()), above, canonical_root }
    }

    fn load(&self, dir: &Path) -> Option<std::rc::Rc<Gitignore>> {
        self.by_dir
            .borrow_mut()
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                let file = dir.join(".gitignore");
                if !file.is_file() {
                    return None;
                }
                let mut builder = GitignoreBuilder::new(dir);
                // A malformed line is skipped, as git does.
                let _ = builder.add(&file);
                builder.build().ok().filter(|g| !g.is_empty()).map(std::rc::Rc::new)
            })
            .clone()
    }

    /// Why `.gitignore` leaves out `path` (at `rel` in the package), if it does.
    fn ignored(&self, root: &Path, rel: &str, path: &Path, is_dir: bool) -> Option<String> {
        // The usual way to keep an empty folder in git is a `.gitignore` of `*` (or a
        // `.gitkeep`) committed inside it: git tracks it although it matches, and so do we.
        let last = rel.rsplit('/').next().unwrap_or(rel);
        if !is_dir && (last == ".gitignore" || last == ".gitkeep") {
            return None;
        }
        let canonical_root = &self.canonical_root;
        let mut dirs: Vec<PathBuf> = self.above.clone();
        dirs.push(root.to_path_buf());
        let mut acc = root.to_path_buf();
        let segments: Vec<&str> = rel.split('/').collect();
        for seg in &segments[..segments.len().saturating_sub(1)] {
            acc = acc.join(seg);
            dirs.push(acc.clone());
        }
        // Deepest first: the first file with an opinion decides.
        for dir in dirs.iter().rev() {
            let Some(gi) = self.load(dir) else { continue };
            // Paths above the package root are matched through the canonical root.
            let candidate = match (canonical_root, dir.starts_with(root)) {
                (_, true) => path.to_path_buf(),
                (Some(c), false) => c.join(rel),
                (None, false) => continue,
            };
            let m = gi.matched_path_or_any_parents(&candidate, is_dir);
            if m.is_whitelist() {
                return None;
            }
            if let ignore::Match::Ignore(glob) = m {
                let from = glob
                    .from()
                    .map(|f| {
                        f.strip_prefix(root)
                            .map(|p| p.to_string_lossy().replace('\\', "/"))
                            .unwrap_or_else(|_| f.to_string_lossy().replace('\\', "/"))
                    })
                    .unwrap_or_else(|| ".gitignore".to_string());
                return Some(format!("ignored by {from} (`{}`)", glob.original()));
            }
        }
        None
    }
}

fn display(root: &Path, name: &str) -> String {
    let joined = if name.is_empty() { root.to_path_buf() } else { root.join(name) };
    joined.to_string_lossy().replace('\\', "/")
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
            selection.diagnostics.push(
                Diagnostic::new(&rules::UNSUPPORTED_FILE, format!("cannot read the package folder: {e}"))
                    .at_path(display(root, "")),
            );
            return Ok(selection);
        }
    };
    let problems: RefCell<Vec<Diagnostic>> = RefCell::new(Vec::new());
    let relative = |path: &Path| -> Result<String, String> {
        let rel = path.strip_prefix(root).unwrap_or(path);
        let mut out = String::new();
        for component in rel.components() {
            let part =
                component.as_os_str().to_str().ok_or_else(|| rel.to_string_lossy().replace('\\', "/"))?;
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
                        Diagnostic::new(
                            &rules::NON_UTF8_FILE_NAME,
                            format!("`{lossy}` is not a UTF-8 file name"),
                        )
                        .at_path(display(root, &lossy))
                        .with_help("rename it with a UTF-8 name, or exclude it in aps-pack.toml"),
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
                        let inside = inside.map(|t| t.replace('\\', "/")).unwrap_or_default();
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
                            Diagnostic::new(
                                &rules::PATH_ESCAPES_PACKAGE,
                                format!(
                                    "symbolic link `{name}` leads outside the package, to {}",
                                    target.display()
                                ),
                            )
                            .at_path(display(root, &name))
                            .with_help(
                                "copy the target into the package, or exclude the link in aps-pack.toml",
                            ),
                        );
                        return false;
                    }
                    Err(e) => {
                        problems.borrow_mut().push(
                            Diagnostic::new(
                                &rules::UNSUPPORTED_FILE,
                                format!("cannot follow symbolic link `{name}`: {e}"),
                            )
                            .at_path(display(root, &name)),
                        );
                        return false;
                    }
                }
            }
            true
        },
    );

    let mut files = Vec::new();
    for item in walker {
        let entry = match item {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
                let name = relative(&path).unwrap_or_else(|lossy| lossy);
                let message = if let Some(ancestor) = err.loop_ancestor() {
                    format!("symbolic link `{name}` loops back to {}", ancestor.display())
                } else if path.symlink_metadata().map(|m| m.file_type().is_symlink()).unwrap_or(false) {
                    format!("symbolic link `{name}` is broken (its target does not exist)")
                } else {
                    let cause = err.io_error().map(|e| e.to_string()).unwrap_or_else(|| err.to_string());
                    format!("cannot read `{name}`: {cause}")
                };
                problems.borrow_mut().push(
                    Diagnostic::new(&rules::UNSUPPORTED_FILE, message)
                        .at_path(display(root, &name))
                        .with_help("fix or remove it, or exclude it in aps-pack.toml"),
                );
                continue;
            }
        };
        if entry.depth() == 0 || entry.file_type().is_dir() {
            continue;
        }
        let Ok(name) = relative(entry.path()) else { continue };
        if !entry.file_type().is_file() {
            problems.borrow_mut().push(
                Diagnostic::new(
                    &rules::UNSUPPORTED_FILE,
                    format!("`{name}` is not a regular file (a FIFO, socket or device)"),
                )
                .at_path(display(root, &name))
                .with_help("remove it, or exclude it in aps-pack.toml"),
            );
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
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        files.push(SelectedFile { name, path: entry.path().to_path_buf(), size });
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
    Ok(selection)
}

fn check_names(
    root: &Path,
    files: &[SelectedFile],
    dirs: &BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut bad_dirs: Vec<&str> = Vec::new();
    for dir in dirs {
        let path = dir.trim_end_matches('/');
        if bad_dirs.iter().any(|bad| path.starts_with(bad) && path.as_bytes().get(bad.len()) == Some(&b'/')) {
            continue;
        }
        let last = path.rsplit('/').next().unwrap_or(path);
        if let Some(reason) = names::non_portable_reason(last) {
            diagnostics.push(non_portable(root, path, &reason, "folder"));
            bad_dirs.push(path);
        }
    }
    for file in files {
        if bad_dirs
            .iter()
            .any(|bad| file.name.starts_with(bad) && file.name.as_bytes().get(bad.len()) == Some(&b'/'))
        {
            continue;
        }
        let last = file.name.rsplit('/').next().unwrap_or(&file.name);
        if let Some(reason) = names::non_portable_reason(last) {
            diagnostics.push(non_portable(root, &file.name, &reason, "file"));
        }
    }

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
            Diagnostic::new(
                &rules::NAME_NORMALIZATION_COLLISION,
                format!(
                    "`{}` and `{}` are the same name in different Unicode normalisation forms",
                    path.escape_unicode_non_ascii(),
                    first.escape_unicode_non_ascii()
                ),
            )
            .with_help("macOS keeps only one of them; keep one spelling, preferably NFC")
        } else {
            Diagnostic::new(
                &rules::CASE_COLLISION,
                format!("`{path}` and `{first}` differ only in letter case"),
            )
            .with_help("on Windows and macOS they are the same file; rename or remove one of them")
        };
        out.push(d.at_path(display(root, path)));
    }
    out
}

/// `\u{301}` for what a terminal would not show apart.
trait EscapeNonAscii {
    fn escape_unicode_non_ascii(&self) -> String;
}

impl EscapeNonAscii for str {
    fn escape_unicode_non_ascii(&self) -> String {
        self.chars()
            .map(|c| if c.is_ascii() { c.to_string() } else { c.escape_unicode().to_string() })
            .collect()
    }
}

fn non_portable(root: &Path, path: &str, reason: &str, what: &str) -> Diagnostic {
    Diagnostic::new(&rules::NON_PORTABLE_FILE_NAME, format!("{what} name `{path}` is not portable: {reason}"))
        .at_path(display(root, path))
        .with_help("rename it (letters, digits, `-`, `_` and `.` are safe everywhere), or exclude it in aps-pack.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, f.as_bytes()).unwrap();
        }
        dir
    }

    fn names_of(sel: &Selection) -> Vec<&str> {
        sel.files.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn default_exclusions() {
        let dir = tree(&[
            "APP-META.xml",
            "APP-LIST.xml",
            "aps-pack.toml",
            "deployment.xml",
            "deploy-image/x.bin",
            ".git/config",
            "ui/.svn/entries",
            ".idea/workspace.xml",
            ".vscode/settings.json",
            ".settings/org.eclipse.core.resources.prefs",
            ".project",
            ".classpath",
            "ui/.DS_Store",
            "old-1.0-1.app.zip",
            "ui/app.js",
            "scripts/logs/.gitignore",
            "sub/deployment.xml",
        ]);
        let sel = select(dir.path(), &SelectOptions::default()).unwrap();
        assert!(sel.diagnostics.is_empty(), "{:?}", sel.diagnostics);
        assert_eq!(
            names_of(&sel),
            ["APP-META.xml", "scripts/logs/.gitignore", "sub/deployment.xml", "ui/app.js"]
        );
        assert_eq!(sel.dirs, ["scripts/", "scripts/logs/", "sub/", "ui/"]);
        assert!(sel.committed_app_list.is_some());
    }

    #[test]
    fn what_a_vendor_would_not_ship_is_left_out_with_a_reason() {
        let dir = tree(&[
            "APP-META.xml",
            "model.aird",
            "model.types",
            ".gitignore",
            ".gitattributes",
            ".github/workflows/ci.yml",
            ".pre-commit-config.yaml",
            ".env",
            ".env.production",
            "signing.pem",
            "certs/vendor.key",
            "certs/vendor.pfx",
            "scripts/vendor/ca/cacert.pem",
            "scripts/app.php",
            "scripts/logs/.gitkeep",
            "ui/node_modules/left-pad/index.js",
            "ui/app.js",
        ]);
        let opts = SelectOptions { declared: vec!["scripts".into(), "ui".into()], ..Default::default() };
        let sel = select(dir.path(), &opts).unwrap();
        assert!(sel.diagnostics.is_empty(), "{:?}", sel.diagnostics);
        assert_eq!(
            names_of(&sel),
            [
                "APP-META.xml",
                "scripts/app.php",
                "scripts/logs/.gitkeep",
                "scripts/vendor/ca/cacert.pem",
                "ui/app.js"
            ]
        );
        let reasons: Vec<(&str, &str)> =
            sel.excluded.iter().map(|e| (e.name.as_str(), e.reason.as_str())).collect();
        let reason = |name: &str| {
            reasons
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, r)| *r)
                .unwrap_or_else(|| panic!("{name}: {reasons:?}"))
        };
        assert!(reason("model.aird").contains("APS IDE"));
        assert!(reason(".gitignore").contains("git metadata"));
        assert!(reason(".github/").contains("git metadata"));
        assert!(reason(".pre-commit-config.yaml").contains("tool configuration"));
        assert!(reason(".env.production").contains("secrets"));
        assert!(reason("signing.pem").contains("outside the package's own folders"));
        assert!(reason("certs/vendor.pfx").contains("key or certificate"));
        assert!(reason("ui/node_modules/").contains("node_modules"));
    }

    #[test]
    fn gitignore_of_the_package_and_its_repository_applies() {
        let repo = tree(&[
            ".git/HEAD",
            ".gitignore",
            "pkg/APP-META.xml",
            "pkg/.gitignore",
            "pkg/ui/app.js",
            "pkg/ui/app.js.map",
            "pkg/ui/keep.log",
            "pkg/ui/debug.log",
            "pkg/scripts/.gitignore",
            "pkg/scripts/app.php",
            "pkg/scripts/local.php",
            "pkg/dist/bundle.js",
        ]);
        std::fs::write(repo.path().join(".gitignore"), "*.map\n/pkg/dist/\n").unwrap();
        std::fs::write(repo.path().join("pkg/.gitignore"), "*.log\n!keep.log\n").unwrap();
        std::fs::write(repo.path().join("pkg/scripts/.gitignore"), "local.php\n").unwrap();
        let sel = select(&repo.path().join("pkg"), &SelectOptions::default()).unwrap();
        assert_eq!(
            names_of(&sel),
            ["APP-META.xml", "scripts/.gitignore", "scripts/app.php", "ui/app.js", "ui/keep.log"]
        );
        let reason = |name: &str| {
            sel.excluded.iter().find(|e| e.name == name).map(|e| e.reason.clone()).unwrap_or_default()
        };
        assert!(reason("ui/debug.log").contains("ignored by .gitignore (`*.log`)"), "{:?}", sel.excluded);
        assert!(reason("scripts/local.php").contains("scripts/.gitignore"), "{:?}", sel.excluded);
        assert!(reason("ui/app.js.map").contains("`*.map`"), "{:?}", sel.excluded);
        assert!(reason("dist/").contains("/pkg/dist/"), "{:?}", sel.excluded);
        // APP-META.xml is packaged even when a .gitignore names it.
        std::fs::write(repo.path().join("pkg/.gitignore"), "*.log\n!keep.log\nAPP-META.xml\n").unwrap();
        let sel = select(&repo.path().join("pkg"), &SelectOptions::default()).unwrap();
        assert!(names_of(&sel).contains(&"APP-META.xml"));
        // An include glob puts back what .gitignore drops.
        let opts = SelectOptions { include: vec!["debug.log".into()], ..Default::default() };
        let sel = select(&repo.path().join("pkg"), &opts).unwrap();
        assert!(names_of(&sel).contains(&"ui/debug.log"));
    }

    #[test]
    fn include_and_exclude_globs() {
        let dir =
            tree(&["APP-META.xml", "a.bak", "ui/b.bak", "tests/t.php", ".settings/keep.txt", "ui/app.js"]);
        let opts = SelectOptions {
            include: vec![".settings".into(), "tests/t.php".into()],
            exclude: vec!["*.bak".into(), "tests/**".into()],
            ..Default::default()
        };
        let sel = select(dir.path(), &opts).unwrap();
        assert_eq!(names_of(&sel), [".settings/keep.txt", "APP-META.xml", "ui/app.js"]);
    }

    #[test]
    fn anchored_glob_matches_only_at_root() {
        let dir = tree(&["APP-META.xml", "notes.txt", "ui/notes.txt"]);
        let opts = SelectOptions { exclude: vec!["/notes.txt".into()], ..Default::default() };
        let sel = select(dir.path(), &opts).unwrap();
        assert_eq!(names_of(&sel), ["APP-META.xml", "ui/notes.txt"]);
    }

    #[test]
    fn bad_glob_is_an_error() {
        let dir = tree(&["APP-META.xml"]);
        let opts = SelectOptions { exclude: vec!["a[".into()], ..Default::default() };
        let err = select(dir.path(), &opts).unwrap_err();
        assert_eq!(err.setting, "exclude");
        assert!(err.to_string().contains("`a[`"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_inside_are_followed_outside_refused() {
        let outside = tree(&["secret.txt"]);
        let dir = tree(&["APP-META.xml", "shared/lib.js"]);
        std::os::unix::fs::symlink(dir.path().join("shared"), dir.path().join("ui")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("broken")).unwrap();
        let sel = select(dir.path(), &SelectOptions::default()).unwrap();
        assert_eq!(names_of(&sel), ["APP-META.xml", "shared/lib.js", "ui/lib.js"]);
        let codes: Vec<_> = sel.diagnostics.iter().map(|d| (d.code(), d.message.clone())).collect();
        assert_eq!(codes.len(), 2, "{codes:?}");
        assert!(codes.iter().any(|(c, m)| *c == "PKG007" && m.contains("`broken` is broken")), "{codes:?}");
        assert!(codes.iter().any(|(c, m)| *c == "PKG004" && m.contains("`leak.txt`")), "{codes:?}");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported() {
        let dir = tree(&["APP-META.xml", "ui/app.js"]);
        std::os::unix::fs::symlink(dir.path().join("ui"), dir.path().join("ui/again")).unwrap();
        let sel = select(dir.path(), &SelectOptions::default()).unwrap();
        assert!(
            sel.diagnostics.iter().any(|d| d.code() == "PKG007" && d.message.contains("loops")),
            "{:?}",
            sel.diagnostics
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn non_utf8_name_is_reported() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tree(&["APP-META.xml"]);
        let name = std::ffi::OsStr::from_bytes(b"r\xe9sum\xe9.txt");
        std::fs::write(dir.path().join(name), b"x").unwrap();
        let sel = select(dir.path(), &SelectOptions::default()).unwrap();
        assert_eq!(sel.diagnostics.len(), 1);
        assert_eq!(sel.diagnostics[0].code(), "PKG001");
        assert!(
            sel.diagnostics[0].message.contains("r\u{FFFD}sum\u{FFFD}.txt"),
            "{}",
            sel.diagnostics[0].message
        );
    }

    #[test]
    fn non_portable_and_colliding_names() {
        let dir =
            tree(&["APP-META.xml", "ui/App.js", "ui/app.js", "bad:dir/x.js", "bad:dir/y.js", "aux.php"]);
        let sel = select(dir.path(), &SelectOptions::default()).unwrap();
        let found: Vec<_> = sel.diagnostics.iter().map(|d| (d.code(), d.message.clone())).collect();
        assert_eq!(found.iter().filter(|(c, _)| *c == "PKG002").count(), 2, "{found:?}");
        assert!(
            found.iter().any(|(c, m)| *c == "PKG002" && m.contains("folder name `bad:dir`")),
            "{found:?}"
        );
        assert!(found.iter().any(|(c, m)| *c == "PKG002" && m.contains("`aux.php`")), "{found:?}");
        assert!(
            found.iter().any(|(c, m)| *c == "PKG003" && m.contains("`ui/app.js` and `ui/App.js`")),
            "{found:?}"
        );
    }
}
