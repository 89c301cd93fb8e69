use aps_diag::declare_rule;

declare_rule! {
    /// Reports a path that is a file in one entry of an archive and a folder in another: `ui` as
    /// a file next to `ui/` or `ui/app.js` (letter case ignored).
    ///
    /// ## Why
    /// No file system holds both. Unpacking fails half-way, or replaces one with the other, so
    /// what ends up on disk is not what was checked.
    ///
    /// ## Example
    /// ```text
    /// ui
    /// ui/app.js
    /// ```
    ///
    /// ## Fix
    /// Rename the file or the folder and rebuild the archive.
    pub static FILE_FOLDER_CONFLICT = {
        code: "PKG115", name: "file-folder-conflict", group: "archive",
        severity: Error, summary: "a path is both a file and a folder",
    };
}
