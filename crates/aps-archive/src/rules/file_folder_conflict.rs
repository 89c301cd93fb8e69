use aps_diag::rule;

rule! { FILE_FOLDER_CONFLICT;
    //! Reports a path that is a file in one entry of an archive and a folder in another: `ui` as
    //! a file next to `ui/` or `ui/app.js` (letter case ignored).
    //!
    //! ## Why
    //! No file system holds both. Unpacking fails half-way, or replaces one with the other, so
    //! what ends up on disk is not what was checked.
    //!
    //! ## Example
    //! ```text
    //! ui
    //! ui/app.js
    //! ```
    //!
    //! ## Fix
    //! Rename the file or the folder and rebuild the archive.

    /// A path that is a file in one entry and a folder in another.
    pub enum FileFolderConflict<'a> {
        /// The same path, as a file and as a folder.
        SamePath { file: &'a str, folder: &'a str } => format!(
            "`{file}` is a file and `{folder}` a folder of the same path; expected each path to be one or the other"
        ),
            help: "unpacking fails or one replaces the other; rename the file or the folder".into();
        /// A file whose path another entry needs as a folder.
        ParentIsFile { file: &'a str, entry: &'a str } => format!(
            "`{file}` is a file, but `{entry}` needs a folder of that name; expected each path to be a file or a folder, not both"
        ),
            help: "unpacking fails or drops one of them; rename the file or the folder".into();
    }
}
