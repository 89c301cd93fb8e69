use aps_diag::rule;

rule! { DUPLICATE_ENTRY;
    //! Reports an archive with two entries of the same name.
    //!
    //! ## Why
    //! Which of the two a reader takes differs between tools: a checker may look at one copy and the
    //! controller install the other.
    //!
    //! ## Example
    //! ```text
    //! APP-META.xml (entry 2)
    //! APP-META.xml (entry 40)
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    /// A name two entries share; their indexes from 0.
    pub struct DuplicateEntry<'a> { pub name: &'a str, pub first_index: usize, pub second_index: usize }
        => format!(
            "`{}` appears twice in the archive (entries {} and {})",
            name,
            first_index + 1,
            second_index + 1
        ),
        help: "readers disagree on which copy counts; rebuild the archive".into();
}
