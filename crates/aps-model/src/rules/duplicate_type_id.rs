use aps_diag::rule;

rule! { DUPLICATE_TYPE_ID;
    //! Reports two schemas in the package declaring the same type id (both places are shown), or a
    //! package type reusing a standard type id.
    //!
    //! ## Why
    //! Type ids are unique on a controller; the second registration fails.
    //!
    //! ## Example
    //! Two services whose schemas both say `"id": "http://example.com/app/1.0"`.
    //!
    //! ## Fix
    //! Give each type its own id.

    /// A type id declared a second time.
    pub(crate) struct DuplicateTypeId<'a> {
        pub id: &'a str,
        /// The first declaration is a standard APS type.
        pub standard: bool,
    } => format!("type id `{id}` is declared twice"),
        help: if *standard {
            "this is a standard APS type id; give your type its own id"
        } else {
            "give each type its own id (bump the version or change the name)"
        }
        .into();
}
