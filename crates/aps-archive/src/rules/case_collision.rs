use aps_diag::rule;

rule! { CASE_COLLISION;
    //! Reports two files or folders whose paths are equal when letter case is ignored
    //! (`ui/App.js` and `ui/app.js`).
    //!
    //! ## Why
    //! On case-insensitive file systems (Windows, macOS by default) the two are one file: unpacking
    //! the package overwrites one with the other, and what runs depends on where it was unpacked.
    //!
    //! ## Example
    //! ```text
    //! ui/App.js
    //! ui/app.js
    //! ```
    //!
    //! ## Fix
    //! Rename or remove one of them.

    /// Two names that differ only in letter case.
    pub struct CaseCollision<'a> { pub names: Collision<'a> }
        => names.describe("differ only in letter case", "names that differ otherwise", str::to_string),
        help: names.either(
            "case-insensitive file systems (Windows, macOS) keep only one of them; rename or remove one",
            "on Windows and macOS they are the same file; rename or remove one of them",
        );
}

/// Two names that would be one file once unpacked (here, or in `PKG114`).
pub enum Collision<'a> {
    /// Entries of an archive, with their indexes (from 0).
    Entries { first: &'a str, second: &'a str, first_index: usize, second_index: usize },
    /// Paths of a package folder.
    Files { path: &'a str, first: &'a str },
}

impl Collision<'_> {
    /// "`a` and `b` `relation`", each name as `show` writes it; for entries, with their
    /// numbers (from 1) and what was `expected`.
    pub(crate) fn describe(&self, relation: &str, expected: &str, show: fn(&str) -> String) -> String {
        match self {
            Self::Entries { first, second, first_index, second_index } => format!(
                "`{}` and `{}` {relation} (entries {} and {}); expected {expected}",
                show(first),
                show(second),
                first_index + 1,
                second_index + 1
            ),
            Self::Files { path, first } => format!("`{}` and `{}` {relation}", show(path), show(first)),
        }
    }

    /// The help for entries of an archive, or for paths of a package folder.
    pub(crate) fn either(&self, entries: &str, files: &str) -> String {
        match self {
            Self::Entries { .. } => entries,
            Self::Files { .. } => files,
        }
        .into()
    }
}
