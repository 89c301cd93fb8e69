use aps_diag::rule;

rule! { INVALID_TYPE_ID;
    //! Reports a type schema whose own `id` does not end in a `/major.minor` version.
    //! (A version-less *reference* to a type is accepted by controllers and noted by TYP213.)
    //!
    //! ## Why
    //! Type ids are versioned URIs; the controller compares the versions of the types a package
    //! declares to decide compatibility and upgrades, and refuses a type it cannot version.
    //!
    //! ## Example
    //! ```json
    //! "id": "http://example.com/app/globals"
    //! ```
    //!
    //! ## Fix
    //! Append the version: `http://example.com/app/globals/1.0`.

    /// A type id without a `/major.minor` version at its end.
    pub(crate) struct InvalidTypeId<'a> { pub id: &'a str }
        => format!("type id `{id}` does not end in a `/major.minor` version"),
        help: format!("for example `{}/1.0`", id.trim_end_matches('/'));
}
