//! What a folder that is not itself a package holds: the APS packages and ZStack application
//! versions below it (a repository of several), found the way git sees the tree.

use std::path::{Path, PathBuf};

/// Packages and application versions below a folder, each sorted by path.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// Folders holding APP-META.xml.
    pub packages: Vec<PathBuf>,
    /// Folders holding application.json.
    pub zstack: Vec<PathBuf>,
}

impl Found {
    pub fn is_empty(&self) -> bool {
        self.packages.is_empty() && self.zstack.is_empty()
    }

    /// "2 APS packages and 1 ZStack application version below it".
    pub fn describe(&self) -> String {
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let parts: Vec<String> =
            [(self.packages.len(), "APS package"), (self.zstack.len(), "ZStack application version")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| count(n, what))
                .collect();
        format!("{} below it", parts.join(" and "))
    }
}

/// One line per folder: its findings by severity, worded as the run's own summary.
pub fn summaries(folders: &[String], diags: &[aps_diag::Diagnostic]) -> Vec<String> {
    folders
        .iter()
        .map(|folder| {
            let inside: Vec<aps_diag::Diagnostic> = diags
                .iter()
                .filter(|d| {
                    d.display_path().is_some_and(|p| {
                        p == folder
                            || p.strip_prefix(folder.as_str()).is_some_and(|rest| rest.starts_with('/'))
                    })
                })
                .cloned()
                .collect();
            match inside.is_empty() {
                true => format!("  {folder}: no problems"),
                false => format!("  {folder}: {}", aps_diag::Summary::of(&inside)),
            }
        })
        .collect()
}

/// Every package and ZStack application version below `root`, not descending into one once
/// found (a package's own folders are its business). Files and folders that `.gitignore`,
/// `.git/info/exclude` or `.ignore` exclude are passed over, as are hidden ones (`.git`,
/// editors' state): a build output or a vendored copy is not one of the repository's
/// packages.
pub fn discover(root: &Path) -> Found {
    let is_package = |dir: &Path| dir.join(aps_model::APP_META).is_file();
    let is_version = |dir: &Path| aps_zstack::is_app_dir(dir);
    let mut found = Found::default();
    let walk = ignore::WalkBuilder::new(root)
        .require_git(false)
        .git_global(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        // Not below a package or a version folder already found.
        .filter_entry(move |e| {
            e.depth() == 0 || e.path().parent().is_none_or(|p| !is_package(p) && !is_version(p))
        })
        .build();
    for entry in walk.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_dir()) || entry.depth() == 0 {
            continue;
        }
        // `./apps/x` is shown, and works, as `apps/x`.
        let dir =
            entry.path().strip_prefix(".").map_or_else(|_| entry.path().to_path_buf(), Path::to_path_buf);
        if is_package(&dir) {
            found.packages.push(dir);
        } else if is_version(&dir) {
            found.zstack.push(dir);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, "").expect("write");
    }

    #[test]
    fn packages_and_versions_are_found_once_in_order_and_ignored_folders_are_not() {
        let tmp = tempfile::tempdir().expect("tmp");
        let t = tmp.path();
        touch(&t.join("b-app/APP-META.xml"));
        touch(&t.join("b-app/vendor/copy/APP-META.xml")); // inside a package: its business
        touch(&t.join("a-app/APP-META.xml"));
        touch(&t.join("market/web/x86_64/1.0.0/application.json"));
        touch(&t.join("dist/old/APP-META.xml"));
        touch(&t.join(".cache/x/APP-META.xml"));
        std::fs::write(t.join(".gitignore"), "dist/\n").expect("write");
        let found = discover(t);
        assert_eq!(found.packages, vec![t.join("a-app"), t.join("b-app")]);
        assert_eq!(found.zstack, vec![t.join("market/web/x86_64/1.0.0")]);
    }
}
