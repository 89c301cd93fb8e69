use aps_diag::declare_rule;

declare_rule! {
    /// Reports a type id (in a schema, `implements`, a relation or a navigation variable) that does not
    /// end in a `/major.minor` version.
    ///
    /// ## Why
    /// Type ids are versioned URIs; the controller compares versions to decide compatibility and
    /// upgrades.
    ///
    /// ## Example
    /// ```json
    /// "id": "http://example.com/app/globals"
    /// ```
    ///
    /// ## Fix
    /// Append the version: `http://example.com/app/globals/1.0`.
    pub static INVALID_TYPE_ID = {
        code: "TYP202", name: "invalid-type-id", group: "types",
        severity: Error, summary: "type id is not `<uri>/<major>.<minor>`",
    };
}
