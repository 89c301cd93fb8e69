use aps_diag::rule;

rule! { NOT_UTF8;
    //! The file contains bytes that are not UTF-8.
    //!
    //! APS and ZStack metadata (XML, JSON) must be UTF-8. A file saved in a
    //! legacy code page imports with garbled text or not at all.
    //!
    //! **Fix:** re-save the file as UTF-8.

    /// A file with bytes that are not UTF-8.
    pub struct NotUtf8 => "file is not valid UTF-8".into(),
        help: "save the file as UTF-8 (without a byte-order mark is best)".into();
}
