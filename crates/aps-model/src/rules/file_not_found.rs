use aps_diag::rule;

rule! { FILE_NOT_FOUND;
    //! Reports a `<code path>`, `<icon path>`, `<screenshot path>`, view `src` or licence `<file>`
    //! naming a file that the package does not contain. (A missing `<schema path>` is `APS114`.)
    //!
    //! ## Why
    //! The package imports, but the service or screen using the file fails when it is first used on a
    //! live platform. It is a warning rather than an error because source trees often receive UI files
    //! or scripts from a later build step, and because controllers accepted published packages with
    //! such references (Openstack-1.0-56 to 1.0-64 name `ui/slot-edit.html`, which they do not
    //! hold); turn it into an error with `--severity APS110=error` when your tree is complete.
    //!
    //! ## Example
    //! ```xml
    //! <view id="servers" label="Servers" src="ui/servers.js"/>   <!-- no ui/servers.js -->
    //! ```
    //!
    //! ## Fix
    //! Add the file or correct the path (paths are relative to the package root and case-sensitive).

    /// A referenced file the package lacks.
    pub(crate) struct FileNotFound<'a> {
        /// What refers to it, e.g. `` `<icon path>` ``.
        pub what: &'a str,
        pub path: &'a str,
        /// A file of the package with a close name.
        pub close: Option<&'a str>,
    } => format!("{what} `{path}` is not in the package"),
        help: close.map(|c| format!("did you mean `{c}`?")).unwrap_or_else(|| {
            "add the file, or correct the path (relative to the package root, case-sensitive)".into()
        });
}

use super::path_escapes_package::referenced_paths;
use crate::lint::Cx;
use crate::source::is_safe_relative_path;
use crate::Package;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn check(cx: &Cx<'_>, pkg: &Package, out: &mut Vec<Diagnostic>) {
    let mut files: Option<Vec<String>> = None;
    // One finding per missing path, at its first use; later uses are listed.
    let mut missing: Vec<(&str, Diagnostic, Vec<usize>)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for r in referenced_paths(cx.meta) {
        let p = r.path.value.trim();
        if r.what == "<schema path>" || !is_safe_relative_path(p) {
            continue;
        }
        if let Some(&i) = index.get(p) {
            missing[i].2.push(cx.file().line_col(r.path.span.start).line);
            continue;
        }
        if pkg.source.exists(p) {
            continue;
        }
        let listing = files.get_or_insert_with(|| pkg.source.files());
        let d = FileNotFound { what: r.what, path: p, close: close_file(p, listing) }
            .diagnostic()
            .at(cx.file(), r.path.span)
            .with_label(format!("no file {}", pkg.display_path(p)));
        index.insert(p, missing.len());
        missing.push((p, d, Vec::new()));
    }
    for (_, d, again) in missing {
        let d = match again.len() {
            0 => d,
            _ => d.with_note(format!(
                "also referenced on line{} {}",
                if again.len() == 1 { "" } else { "s" },
                again.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
            )),
        };
        out.push(d);
    }
}

/// A package file that is probably what `wanted` meant: same extension,
/// close spelling (a case slip above all).
pub(crate) fn close_file<'a>(wanted: &str, files: &'a [String]) -> Option<&'a str> {
    let ext = |s: &str| s.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let want_ext = ext(wanted);
    if let Some(f) = files.iter().find(|f| f.eq_ignore_ascii_case(wanted)) {
        return Some(f);
    }
    // Only near-identical paths: a suggestion of an unrelated file of the same folder misleads.
    let limit = if wanted.chars().count() >= 8 { 2 } else { 1 };
    files
        .iter()
        .filter(|f| ext(f) == want_ext)
        .map(|f| (crate::edit_distance(wanted, f, limit), f))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f.as_str())
}
