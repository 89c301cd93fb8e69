use aps_diag::rule;

rule! { DUPLICATE_TYPE_ID;
    //! Two PHP classes claim the same type id with `@type("…")`.
    //!
    //! ## What it does
    //! Reports the second (and every further) class whose class-level
    //! `@type` repeats an id already declared by another class of the package.
    //!
    //! ## Why
    //! A type id names exactly one type on the platform. Two classes with
    //! one id generate two different schemas for it; which one wins depends on
    //! the order of files, and one service ends up with the wrong type.
    //!
    //! ## Example
    //! `scripts/tenants.php` and `scripts/tenants-old.php` both declare
    //! `@type("http://example.com/app/tenant/1.0")`.
    //!
    //! ## Fix
    //! Give each class its own id, or raise the version of the new one.

    /// A type id that another class declared first.
    pub struct DuplicateTypeId<'a> { pub id: &'a str }
        => format!("type id `{id}` is already declared by another class"),
        help: "give each class its own type id (or raise the version of the new one)".into();
}
