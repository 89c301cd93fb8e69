//! The layout of a repository: `<app>/<arch>/<version>/` folders (or the
//! same key prefixes in object storage), what is left out of the index and why.

use super::Layout;
use crate::names::{is_indexable, unsafe_name_reason, ARCHES};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

/// Prefixes of the hidden folders an install works in.
const STAGING_PREFIXES: &[&str] = &[".aps-stage.", ".aps-old."];

/// What the folders of a repository say.
#[derive(Debug, Default)]
pub struct Scan {
    pub layout: Layout,
    /// Folders left out of the index because of their names: (`app`, `app/arch`, …; why).
    pub unindexable: Vec<(String, String)>,
    /// Symbolic links met while scanning (relative paths); never followed, so
    /// a link cannot pull folders from outside the repository into the index.
    pub symlinks: Vec<String>,
    /// Leftovers and misplaced files: (relative path, why).
    pub stray: Vec<(String, String)>,
    /// Version folders → the names of the files inside.
    pub version_files: BTreeMap<(String, String, String), Vec<String>>,
}

/// The entries of one repository folder, each list sorted by name.
#[derive(Default)]
struct Children {
    dirs: Vec<String>,
    files: Vec<String>,
    hidden: Vec<String>,
    symlinks: Vec<String>,
}

/// Sort the entries of `dir`. The entry's own type is used (never the target's),
/// so symbolic links are set apart instead of being followed.
fn children(dir: &Path) -> io::Result<Children> {
    let mut c = Children::default();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        if name.starts_with('.') {
            c.hidden.push(name);
        } else if kind.is_symlink() {
            c.symlinks.push(name);
        } else if kind.is_dir() {
            c.dirs.push(name);
        } else {
            c.files.push(name);
        }
    }
    c.dirs.sort();
    c.files.sort();
    c.hidden.sort();
    c.symlinks.sort();
    Ok(c)
}

/// Why an application or version folder name is left out of the index, if it is.
fn skip_reason(name: &str) -> Option<String> {
    if !is_indexable(name) {
        return Some("its name is not printable ASCII".into());
    }
    unsafe_name_reason(name).map(|why| format!("it is not a valid name: {why}"))
}

/// Read the folder layout of `root`: every `<app>/<arch>/<version>/` folder
/// with valid names counts (ZStack's own rule), where `<arch>` is one ZStack knows.
pub fn scan(root: &Path) -> io::Result<Scan> {
    scan_with(|rel| children(&root.join(rel)))
}

/// The layout of object keys (relative to the repository's prefix), read the
/// way folders are: a key `a/b/c` makes the folders `a/` and `a/b/`.
pub fn scan_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Scan {
    let mut tree: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for key in keys {
        let parts: Vec<&str> = key.split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            continue;
        }
        let mut dir = String::new();
        for (i, part) in parts.iter().enumerate() {
            let entry = tree.entry(dir.clone()).or_default();
            if i + 1 == parts.len() {
                entry.1.insert(part.to_string());
            } else {
                entry.0.insert(part.to_string());
            }
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
        }
    }
    let result = scan_with(|rel| {
        let mut c = Children::default();
        if let Some((dirs, files)) = tree.get(rel) {
            for d in dirs {
                if d.starts_with('.') {
                    c.hidden.push(d.clone())
                } else {
                    c.dirs.push(d.clone())
                }
            }
            for f in files {
                if f.starts_with('.') {
                    c.hidden.push(f.clone())
                } else {
                    c.files.push(f.clone())
                }
            }
        }
        c.hidden.sort();
        Ok(c)
    });
    result.unwrap_or_default()
}

fn scan_with(children: impl Fn(&str) -> io::Result<Children>) -> io::Result<Scan> {
    let mut s = Scan::default();
    let top = children("")?;
    s.symlinks.extend(top.symlinks);
    for app in top.dirs {
        if let Some(why) = skip_reason(&app) {
            s.unindexable.push((app, why));
            continue;
        }
        let in_app = children(&app)?;
        for f in in_app.files {
            s.stray.push((format!("{app}/{f}"), "a file where architecture folders belong".into()));
        }
        s.symlinks.extend(in_app.symlinks.iter().map(|l| format!("{app}/{l}")));
        note_staging(&mut s, &app, &in_app.hidden);
        for arch in in_app.dirs {
            let rel_arch = format!("{app}/{arch}");
            if !ARCHES.contains(&arch.as_str()) {
                let why = format!("`{arch}` is not an architecture ZStack knows ({})", ARCHES.join(", "));
                s.unindexable.push((rel_arch, why));
                continue;
            }
            let in_arch = children(&rel_arch)?;
            for f in in_arch.files {
                s.stray.push((format!("{rel_arch}/{f}"), "a file where version folders belong".into()));
            }
            s.symlinks.extend(in_arch.symlinks.iter().map(|l| format!("{rel_arch}/{l}")));
            note_staging(&mut s, &rel_arch, &in_arch.hidden);
            for version in in_arch.dirs {
                let rel = format!("{rel_arch}/{version}");
                if let Some(why) = skip_reason(&version) {
                    s.unindexable.push((rel, why));
                    continue;
                }
                let inside = children(&rel)?;
                s.symlinks.extend(inside.symlinks.iter().map(|l| format!("{rel}/{l}")));
                let mut all: Vec<String> = inside.files;
                all.extend(inside.dirs.into_iter().map(|d| format!("{d}/")));
                all.extend(inside.hidden);
                all.sort();
                s.version_files.insert((app.clone(), arch.clone(), version.clone()), all);
                s.layout.entry(app.clone()).or_default().entry(arch.clone()).or_default().insert(version);
            }
        }
    }
    s.symlinks.sort();
    Ok(s)
}

fn note_staging(s: &mut Scan, rel: &str, hidden: &[String]) {
    for h in hidden {
        if STAGING_PREFIXES.iter().any(|p| h.starts_with(p)) {
            s.stray.push((format!("{rel}/{h}"), "left by an interrupted install".into()));
        }
    }
}

/// Arch and version of a folder laid out as `…/<arch>/<version>` (ZStack's
/// `applications/<app>/<arch>/<version>`), and the application folder name.
pub fn infer_place(dir: &Path) -> Option<(String, String, String)> {
    let canonical = std::fs::canonicalize(dir).ok()?;
    let version = canonical.file_name()?.to_str()?.to_string();
    let arch_dir = canonical.parent()?;
    let arch = arch_dir.file_name()?.to_str()?.to_string();
    if !crate::names::ARCHES.contains(&arch.as_str()) {
        return None;
    }
    let app = arch_dir.parent()?.file_name()?.to_str()?.to_string();
    Some((app, arch, version))
}
