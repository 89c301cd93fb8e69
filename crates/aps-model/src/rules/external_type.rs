use aps_diag::rule;

rule! { EXTERNAL_TYPE;
    //! Notes a type reference (navigation variable, relation, `implements`) to a type that is neither
    //! in the package nor a standard APS type, and outside the package's own namespace: a platform type
    //! (`http://parallels.com/aps/types/pa/account`) or another application's type. aps-pack cannot
    //! check it; the controller resolves it on the platform.
    //!
    //! ## Why
    //! So that you can see which references are unchecked; it is not a problem in itself.
    //!
    //! ## Example
    //! ```xml
    //! <var name="marketplaceApp" type-id="http://www.parallels.com/marketplace/1.12"/>
    //! ```
    //!
    //! ## Fix
    //! Nothing to fix. Turn it off with `--severity TYP211=off`.

    /// A reference to a type outside the package, not checked.
    pub(crate) struct ExternalType<'a> { pub what: &'a str, pub id: &'a str }
        => format!("{what} `{id}` is a type of the platform or another application; not checked");
}
