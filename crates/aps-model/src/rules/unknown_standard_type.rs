use aps_diag::rule;

rule! { UNKNOWN_STANDARD_TYPE;
    //! Reports a reference to an `http://aps-standard.org/types/…` id that is not among the standard
    //! types aps-pack embeds (the 49 types of a 2014 controller registry, plus a few defined by aps-
    //! pack), with a suggestion when a known id is close.
    //!
    //! ## Why
    //! A misspelt standard type id fails at import; a standard type newer than aps-pack's list is fine,
    //! hence a warning.
    //!
    //! ## Example
    //! ```json
    //! "implements": ["http://aps-standard.org/types/core/resouce/1.0"]
    //! ```
    //!
    //! ## Fix
    //! Correct the id; if the type is genuinely newer, ignore or turn off the warning.

    /// A reference under the standard prefix to a type aps-pack does not know.
    pub(crate) struct UnknownStandardType<'a> {
        pub what: &'a str,
        pub id: &'a str,
        /// The standard types aps-pack knows.
        pub standard: &'a [&'a str],
    } => format!("{what} `{id}` is not a standard type aps-pack knows"),
        help?: aps_diag::did_you_mean_help(id, standard.iter().copied());
}
