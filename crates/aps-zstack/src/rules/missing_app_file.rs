use crate::appdir::REQUIRED_FILES;
use aps_diag::{join_display, rule, Diagnostic, Violation};
use std::collections::HashMap;

rule! { MISSING_APP_FILE;
    //! A ZStack application version folder lacks one of `application.json`, `input.json`,
    //! `output.json` or `logo.png`.
    //!
    //! **Why:** the marketplace server reads all four when it imports a version; a
    //! missing one makes the import fail on the management node, long after the
    //! release was built.
    //!
    //! **Example:** a folder holding `application.json`, `input.json` and `src/` only.
    //!
    //! **Fix:** add the file (`logo.png` must be a real PNG image).

    /// A file the server reads is absent, or is a folder.
    pub enum MissingAppFile<'a> {
        Missing { name: &'a str } => format!("`{name}` is missing"),
            help: if *name == "logo.png" {
                "add the application's logo as a PNG image"
            } else {
                "the marketplace server reads this file when it imports the version"
            }
            .into();
        Folder { name: &'a str } => format!("`{name}` is a folder, expected a file");
    }
}

/// Every required file of the top level (`top`: name → is a folder).
pub(crate) fn check(top: &HashMap<&str, bool>, display: &str, diags: &mut Vec<Diagnostic>) {
    for name in REQUIRED_FILES {
        let v = match top.get(name) {
            None => MissingAppFile::Missing { name },
            Some(true) => MissingAppFile::Folder { name },
            Some(false) => continue,
        };
        diags.push(v.diagnostic().at_path(join_display(display, name)));
    }
}
