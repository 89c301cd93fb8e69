use aps_diag::declare_rule;

declare_rule! {
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
    pub static CASE_COLLISION = {
        code: "PKG003", name: "file-name-case-collision", group: "archive",
        severity: Error, summary: "two paths differ only in letter case",
    };
}
