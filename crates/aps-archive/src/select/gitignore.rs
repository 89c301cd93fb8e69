//! `.gitignore` files of the package and of the repository above it.

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The `.gitignore` files that apply to a package: its own, and those of the
/// repository folders above it (up to the one holding `.git`), with git's rule that
/// the deepest file decides.
pub(super) struct GitIgnores {
    /// Folder → its `.gitignore`, parsed on first use.
    by_dir: RefCell<HashMap<PathBuf, Option<std::rc::Rc<Gitignore>>>>,
    /// Folders above the package root whose `.gitignore` applies, outermost first.
    above: Vec<PathBuf>,
    canonical_root: Option<PathBuf>,
}

impl GitIgnores {
    pub(super) fn new(root: &Path) -> Self {
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
    pub(super) fn ignored(&self, root: &Path, rel: &str, path: &Path, is_dir: bool) -> Option<String> {
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
