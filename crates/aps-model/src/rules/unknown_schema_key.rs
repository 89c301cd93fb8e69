use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports a key the APS type format does not define, with a suggestion when it looks like a
    /// misspelling (`requried`).
    ///
    /// ## Why
    /// The controller ignores unknown keys, so a misspelt `required` silently makes a property
    /// optional.
    ///
    /// ## Example
    /// ```json
    /// "hub_id": { "type": "string", "requried": true }
    /// ```
    ///
    /// ## Fix
    /// Correct the key or remove it.
    pub static UNKNOWN_SCHEMA_KEY = {
        code: "TYP209", name: "unknown-schema-key", group: "types",
        severity: Warning, summary: "unknown key in a type schema",
    };
}

/// A key the APS type format does not have at that place.
pub(crate) struct UnknownSchemaKey<'a> {
    pub key: &'a str,
    /// Where, e.g. `a relation`.
    pub what: &'a str,
    /// The keys allowed there.
    pub known: &'a [&'a str],
}

violation! { UnknownSchemaKey<'_> => UNKNOWN_SCHEMA_KEY,
    message: |v| format!("unknown key `{}` in {}", v.key, v.what),
    help?: |v| aps_diag::did_you_mean_help(v.key, v.known.iter().copied()),
}
