use aps_diag::declare_rule;

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
