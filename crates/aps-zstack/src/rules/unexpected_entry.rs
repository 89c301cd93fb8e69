use crate::appdir::{OPTIONAL_FILES, REQUIRED_FILES, SRC_DIR};
use aps_diag::{did_you_mean_help, join_display, rule, Diagnostic, Violation};
use std::collections::HashMap;

rule! { UNEXPECTED_ENTRY;
    //! The top of the version folder holds something other than `application.json`,
    //! `input.json`, `output.json`, `steps.json`, `logo.png` and `src/`.
    //!
    //! **Why:** it is packed into `application.tar.gz` (as ZStack's tooling does) but the
    //! marketplace server never reads it: usually a file that belongs in `src/` or
    //! that should not be shipped at all.
    //!
    //! **Fix:** move it into `src/` or out of the folder.

    /// A top-level entry the server does not read, with the names it reads (`known`), for the one
    /// it resembles.
    pub struct UnexpectedEntry<'a> { pub name: &'a str, pub known: &'a [&'a str] }
        => format!("`{name}` is packed, but the marketplace server does not read it"),
        help: did_you_mean_help(name, known.iter().copied())
            .unwrap_or_else(|| "move it into `src/` or out of the application folder".into());
}

/// Top-level entries (`top`: name → is a folder) that are neither files the server reads nor `src/`.
pub(crate) fn check(top: &HashMap<&str, bool>, display: &str, diags: &mut Vec<Diagnostic>) {
    let known: Vec<&str> = REQUIRED_FILES.iter().chain(OPTIONAL_FILES).copied().chain([SRC_DIR]).collect();
    for (name, _) in top.iter().filter(|(n, _)| !known.contains(n)) {
        diags.push(UnexpectedEntry { name, known: &known }.diagnostic().at_path(join_display(display, name)));
    }
}
