use aps_diag::rule;

rule! { UNKNOWN_SCHEMA_KEY;
    //! Reports a key the APS type format does not define, with a suggestion when it looks like a
    //! misspelling (`requried`).
    //!
    //! ## Why
    //! The controller ignores unknown keys, so a misspelt `required` silently makes a property
    //! optional.
    //!
    //! ## Example
    //! ```json
    //! "hub_id": { "type": "string", "requried": true }
    //! ```
    //!
    //! ## Fix
    //! Correct the key or remove it.

    /// A key the APS type format does not have at that place.
    pub(crate) struct UnknownSchemaKey<'a> {
        pub key: &'a str,
        /// Where, e.g. `a relation`.
        pub what: &'a str,
        /// The keys allowed there.
        pub known: &'a [&'a str],
    } => format!("unknown key `{key}` in {what}"),
        help?: aps_diag::did_you_mean_help(key, known.iter().copied());
}
