use crate::names;
use crate::select::{display, SelectedFile};
use aps_diag::{rule, Diagnostic, Violation};
use std::collections::BTreeSet;
use std::path::Path;

rule! { NON_PORTABLE_FILE_NAME;
    //! Reports a path in the package that some operating system cannot represent: a backslash, a
    //! colon, one of `<>"|?*`, a control character, a component ending in a dot or a space, or a
    //! reserved Windows device name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`…`COM9`, `LPT1`…`LPT9`, with or
    //! without an extension).
    //!
    //! ## Why
    //! Packages are built on one system and imported, unpacked and served on others. A name one of
    //! them cannot create either breaks the import or silently turns into a different file.
    //!
    //! ## Example
    //! ```text
    //! ui/report:2024.js
    //! scripts/aux.php
    //! ```
    //!
    //! ## Fix
    //! Rename the file; keep to letters, digits, `-`, `_` and `.`.

    /// A file or folder name that some system cannot hold.
    pub struct NonPortableFileName<'a> {
        /// `file` or `folder`.
        pub what: &'a str,
        pub path: &'a str,
        pub reason: &'a str,
    } => format!("{what} name `{path}` is not portable: {reason}"),
        help: "rename it (letters, digits, `-`, `_` and `.` are safe everywhere), or exclude it in aps-pack.toml".into();
}

/// The selected folders and files whose own name is not portable; below a reported
/// folder, nothing more is reported.
pub(crate) fn check(
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
            diagnostics.push(
                NonPortableFileName { what: "folder", path, reason: &reason }
                    .diagnostic()
                    .at_path(display(root, path)),
            );
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
            diagnostics.push(
                NonPortableFileName { what: "file", path: &file.name, reason: &reason }
                    .diagnostic()
                    .at_path(display(root, &file.name)),
            );
        }
    }
}
