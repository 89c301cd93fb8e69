use aps_diag::rule;

rule! { XML_TOO_DEEP;
    //! Reports elements nested deeper than 256 levels.
    //!
    //! ## Why
    //! No APS metadata file comes close; the limit bounds memory and time on hostile input.
    //!
    //! ## Example
    //! A file of 10 MB of `<a><a><a>…`.
    //!
    //! ## Fix
    //! Check that the file is the right one.

    /// Elements nested deeper than the limit.
    pub(crate) struct XmlTooDeep { pub max_depth: usize }
        => format!("elements are nested more than {max_depth} levels deep"),
        help: "no APS metadata file nests this deep; check that the file is the right one".into();
}
