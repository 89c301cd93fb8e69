use crate::lint::suggest_or_list;
use aps_diag::rule;

rule! { UNKNOWN_KEY;
    //! ## What it does
    //! Reports a key the wizard data format does not have at that place,
    //! with the closest known key as a suggestion.
    //!
    //! ## Why
    //! The platform ignores keys it does not know: a misspelt key such as
    //! `resclass` silently loses its value, and the real key is then missing.
    //!
    //! ## Example
    //! ```json
    //! { "id": -500002, "name": "Tenant", "resclass": "rc.saas.service", "actParams": {} }
    //! ```
    //!
    //! ## Fix
    //! Rename the key as suggested (`resClass`), or remove it.

    /// A key the wizard data format does not have at `place` (as messages show it), where the
    /// keys `allowed` (sorted) are.
    pub(crate) struct UnknownKey<'a> { pub key: &'a str, pub place: &'a str, pub allowed: &'a [String] } => format!("unknown key `{key}` in {place}"),
        help: suggest_or_list(key, allowed, "known keys here: ", "remove it");
}
