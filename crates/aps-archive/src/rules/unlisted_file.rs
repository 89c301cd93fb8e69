use aps_diag::rule;

rule! { UNLISTED_FILE;
    //! Reports a file in the archive that APP-LIST.xml does not mention.
    //!
    //! ## Why
    //! A signature covers APP-LIST.xml, not the archive: an unlisted file is content nobody signed
    //! or checked, the classic way to slip something into a signed package.
    //!
    //! ## Example
    //! ```text
    //! scripts/backdoor.php (not in APP-LIST.xml)
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    /// A file of the archive that APP-LIST.xml does not list.
    pub struct UnlistedFile<'a> { pub name: &'a str }
        => format!("`{name}` is in the archive but not in APP-LIST.xml"),
        help: "nothing vouches for an unlisted file; rebuild the archive with `aps-pack build`".into();
}
