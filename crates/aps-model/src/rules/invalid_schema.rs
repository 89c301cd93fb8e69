use aps_diag::declare_rule;

declare_rule! {
    /// Reports a type schema whose structure is wrong: not an object, no `id`, a member of the wrong
    /// JSON type (`"required": "yes"`, `properties` as an array), a relation without `type`, an
    /// operation without `verb` or `path`.
    ///
    /// ## Why
    /// The controller refuses to register the type, and with it the package.
    ///
    /// ## Example
    /// ```json
    /// { "id": "http://example.com/app/1.0", "properties": [] }
    /// ```
    ///
    /// ## Fix
    /// Follow the APS type definition format: `properties`, `relations`, `operations`, `structures` are
    /// objects keyed by name.
    pub static INVALID_SCHEMA = {
        code: "TYP201", name: "invalid-schema", group: "types",
        severity: Error, summary: "type schema of the wrong shape",
    };
}
