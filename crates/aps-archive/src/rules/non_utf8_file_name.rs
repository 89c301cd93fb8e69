use aps_diag::rule;

rule! { NON_UTF8_FILE_NAME;
    //! Reports a file or folder in the package whose name is not valid UTF-8.
    //!
    //! ## Why
    //! Zip entry names and APP-LIST.xml entries are UTF-8. A name in a legacy encoding (Latin-1, a
    //! Windows code page) cannot be written into APP-LIST.xml faithfully, and the controller would
    //! look for a file that does not exist.
    //!
    //! ## Example
    //! ```text
    //! scripts/r\xE9sum\xE9.php   (Latin-1 bytes)
    //! ```
    //!
    //! ## Fix
    //! Rename the file with a UTF-8 (ideally ASCII) name, or exclude it in `aps-pack.toml`.

    /// A file name that is not UTF-8, shown lossily.
    pub struct NonUtf8FileName<'a> { pub lossy: &'a str } => format!("`{lossy}` is not a UTF-8 file name"),
        help: "rename it with a UTF-8 name, or exclude it in aps-pack.toml".into();
}
