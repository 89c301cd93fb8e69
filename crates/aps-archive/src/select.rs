//! Which files of a package folder go into the archive.
//!
//! Rules, in order of precedence:
//! 1. `exclude` globs from `aps-pack.toml` leave a path out (they win over everything);
//! 2. `include` globs put back a path a default exclusion would drop;
//! 3. default exclusions: version-control and IDE folders and files anywhere in
//!    the tree, earlier `*.app.zip` outputs, and at the root the IDE's
//!    deployment descriptors (`deploy-image/`, `deployment.xml`), `aps-pack.toml`
//!    and `APP-LIST.xml` (which is always generated).
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
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Folders (by name, anywhere) a package never needs: version control and IDE state.
pub const EXCLUDED_DIR_NAMES: &[&str] =
    &[".git", ".svn", ".hg", ".bzr", "CVS", "_darcs", ".idea", ".vscode", ".settings", ".vs", "__MACOSX"];
/// Files (by name, anywhere) a package never needs.
pub const EXCLUDED_FILE_NAMES: &[&str] =
    &[".git", ".DS_Store", "Thumbs.db", "desktop.ini", ".project", ".classpath", ".buildpath"];
/// Names excluded at the package root only.
pub const EXCLUDED_ROOT_NAMES: &[&str] = &["deploy-image", "deployment.xml", "aps-pack.toml", "APP-LIST.xml"];
/// Prefix of the temporary files a build writes beside its output.
pub const TEMP_PREFIX: &str = ".aps-pack-";

/// Settings of the file selection (from `[build]` in `aps-pack.toml`).
#[derive(Debug, Clone, Default)]
pub struct SelectOptions {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
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

    fn default_excluded(name: &str, is_dir: bool) -> bool {
        let mut parts = name.split('/').peekable();
        let mut first = true;
        while let Some(part) = parts.next() {
            let last = parts.peek().is_none();
            let as_dir = !last || is_dir;
            if as_dir && EXCLUDED_DIR_NAMES.contains(&part) {
                return true;
            }
            if first && EXCLUDED_ROOT_NAMES.contains(&part) {
                return true;
            }
            if last
                && !is_dir
                && (EXCLUDED_FILE_NAMES.contains(&part)
                    || part.ends_with(".app.zip")
                    || part.starts_with(TEMP_PREFIX)
                    || aps_diag::atomic::is_temp_name(part))
            {
                return true;
            }
            first = false;
        }
        false
    }

    fn selected(&self, name: &str, is_dir: bool) -> bool {
        if Self::covers(&self.exclude, name) {
            return false;
        }
        !Self::default_excluded(name, is_dir) || Self::covers(&self.include, name)
    }

    /// Whether walking into folder `name` can still find a selected file.
    fn worth_entering(&self, name: &str) -> bool {
        if Self::covers(&self.exclude, name) {
            return false;
        }
        !Self::default_excluded(name, true) || !self.include.is_empty()
    }
}

fn display(root: &Path, name: &str) -> String {
    let joined = if name.is_empty() { root.to_path_buf() } else { root.join(name) };
    joined.to_string_lossy().replace('\\', "/")
}

/// Whether a file at `rel` (relative to the package root, `/`-separated) would be
/// archived by a build with these settings.
pub fn would_select(opts: &SelectOptions, rel: &str) -> Result<bool, GlobError> {
    let matcher =
        Matcher { include: compile("include", &opts.include)?, exclude: compile("exclude", &opts.exclude)? };
    Ok(matcher.selected(rel, false))
}

/// Walk `root` and choose the files to archive.
pub fn select(root: &Path, opts: &SelectOptions) -> Result<Selection, GlobError> {
    let matcher =
        Matcher { include: compile("include", &opts.include)?, exclude: compile("exclude", &opts.exclude)? };
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
            let wanted = if is_dir { matcher.worth_entering(&name) } else { matcher.selected(&name, false) };
            if !wanted {
                return false;
            }
            if entry.path_is_symlink() {
                match std::fs::canonicalize(entry.path()) {
                    Ok(target) if target.starts_with(&canonical_root) => {}
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
        if !matcher.selected(&name, false) {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        files.push(SelectedFile { name, path: entry.path().to_path_buf(), size });
    }
    // `APP-LIST.xml` is excluded by default; find it even when nothing else walks there.
    let committed = root.join("APP-LIST.xml");
    if selection.committed_app_list.is_none() && committed.is_file() {
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

    let mut seen: HashMap<String, &str> = HashMap::new();
    let all = dirs.iter().map(|d| d.trim_end_matches('/')).chain(files.iter().map(|f| f.name.as_str()));
    for path in all {
        match seen.get(&names::case_fold(path)) {
            Some(first) if *first != path => {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::CASE_COLLISION,
                        format!("`{path}` and `{first}` differ only in letter case"),
                    )
                    .at_path(display(root, path))
                    .with_help("on Windows and macOS they are the same file; rename or remove one of them"),
                );
            }
            Some(_) => {}
            None => {
                seen.insert(names::case_fold(path), path);
            }
        }
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
    fn include_and_exclude_globs() {
        let dir =
            tree(&["APP-META.xml", "a.bak", "ui/b.bak", "tests/t.php", ".settings/keep.txt", "ui/app.js"]);
        let opts = SelectOptions {
            include: vec![".settings".into(), "tests/t.php".into()],
            exclude: vec!["*.bak".into(), "tests/**".into()],
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
