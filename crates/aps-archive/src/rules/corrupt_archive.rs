use aps_diag::rule;

rule! { CORRUPT_ARCHIVE;
    //! Reports a file that is not a zip archive, or whose zip structure is inconsistent: no
    //! end-of-central-directory record, a truncated central directory, a local header that does not
    //! match its central directory entry, data that runs past the end of the file.
    //!
    //! ## Why
    //! A controller may read such an archive differently from the tool that checked it (central
    //! directory versus local headers), which is exactly how malicious archives hide content.
    //!
    //! ## Example
    //! ```text
    //! my-app.app.zip: local header of `APP-META.xml` names `APP-META.xml.bak`
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    /// A fault in the archive's layout. The zip reader is one pass over the bytes and words
    /// each fault where it finds it (`fault`), as the JSON parser words its syntax errors;
    /// what to do about it is worded here.
    pub struct CorruptArchive { pub fault: String, pub remedy: Remedy } => fault.clone(),
        help: match remedy {
            Remedy::Rebuild => "rebuild the archive with `aps-pack build`",
            Remedy::Disagree => {
                "the archive says different things to different readers; rebuild it with `aps-pack build`"
            }
            Remedy::Altered => "the archive was altered after it was built; rebuild it with `aps-pack build`",
            Remedy::Appended => {
                "data appended to an archive is invisible to some readers and read by others; rebuild the archive"
            }
            Remedy::CheckPath => "check the path and permissions",
            Remedy::CheckComplete => "check that the file is complete",
            Remedy::CheckFinished => "check that the download or build finished",
            Remedy::NotZip => "check that the file is a complete .app.zip",
            Remedy::TruncatedOrNotZip => "the archive is truncated or not a zip; download or build it again",
            Remedy::TruncatedOrDamaged => "the archive is truncated or damaged; download or build it again",
        }
        .into();
}

/// What to do about a [`CorruptArchive`].
#[derive(Clone, Copy)]
pub enum Remedy {
    /// Rebuild the archive.
    Rebuild,
    /// Local and central records disagree.
    Disagree,
    /// Bytes that no entry accounts for.
    Altered,
    /// Data after the end record.
    Appended,
    /// The file could not be opened.
    CheckPath,
    /// A read failed part way.
    CheckComplete,
    /// Too short for a zip.
    CheckFinished,
    /// No end record.
    NotZip,
    /// The central directory lies outside the file.
    TruncatedOrNotZip,
    /// The zip64 end record lies outside the file.
    TruncatedOrDamaged,
}
