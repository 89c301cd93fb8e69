use aps_diag::rule;

rule! { UNSUPPORTED_ENTRY;
    //! Reports an entry that is encrypted, is stored as a symbolic link, or uses a compression
    //! method other than stored (0) or deflate (8).
    //!
    //! ## Why
    //! The APS controller reads plain stored or deflated entries. A symbolic link inside an archive
    //! can point anywhere on the machine that unpacks it.
    //!
    //! ## Example
    //! ```text
    //! scripts/config.php: symbolic link to /etc/passwd
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    /// An entry the reader cannot check.
    pub struct UnsupportedEntry<'a> { pub name: &'a str, pub why: Unsupported } => {
        let why = match why {
            Unsupported::Encrypted => "it is encrypted".to_string(),
            Unsupported::Special(kind) => kind.to_string(),
            Unsupported::Method(m) => {
                format!("it uses compression method {m} (only stored and deflate are read)")
            }
        };
        format!("entry `{name}` cannot be checked: {why}; expected a plain stored or deflated file or folder")
    },
        help: "rebuild the archive with `aps-pack build`, which packs plain files only".into();
}

/// Why an entry cannot be checked.
pub enum Unsupported {
    Encrypted,
    /// A link, device or other special file, as [`crate::zipread::ZipEntry::special_kind`] words it.
    Special(&'static str),
    /// A compression method other than stored (0) and deflate (8).
    Method(u16),
}
