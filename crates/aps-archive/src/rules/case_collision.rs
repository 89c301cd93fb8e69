use aps_diag::rule;

rule! {
    /// Reports two files or folders whose paths are equal when letter case is ignored
    /// (`ui/App.js` and `ui/app.js`).
    ///
    /// ## Why
    /// On case-insensitive file systems (Windows, macOS by default) the two are one file: unpacking
    /// the package overwrites one with the other, and what runs depends on where it was unpacked.
    ///
    /// ## Example
    /// ```text
    /// ui/App.js
    /// ui/app.js
    /// ```
    ///
    /// ## Fix
    /// Rename or remove one of them.
    pub static CASE_COLLISION: "PKG003" "file-name-case-collision" archive Error
        "two paths differ only in letter case";

    /// Two names that differ only in letter case.
    pub enum CaseCollision<'a> {
        /// Entries of an archive, with their indexes (from 0).
        Entries { first: &'a str, second: &'a str, first_index: usize, second_index: usize } => format!(
            "`{first}` and `{second}` differ only in letter case (entries {} and {}); expected names that differ otherwise",
            first_index + 1,
            second_index + 1
        ),
            help: "case-insensitive file systems (Windows, macOS) keep only one of them; rename or remove one"
                .into();
        /// Paths of a package folder.
        Files { path: &'a str, first: &'a str }
            => format!("`{path}` and `{first}` differ only in letter case"),
            help: "on Windows and macOS they are the same file; rename or remove one of them".into();
    }
}
