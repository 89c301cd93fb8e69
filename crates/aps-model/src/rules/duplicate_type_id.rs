use aps_diag::declare_rule;

declare_rule! {
    /// Reports two schemas in the package declaring the same type id (both places are shown), or a
    /// package type reusing a standard type id.
    ///
    /// ## Why
    /// Type ids are unique on a controller; the second registration fails.
    ///
    /// ## Example
    /// Two services whose schemas both say `"id": "http://example.com/app/1.0"`.
    ///
    /// ## Fix
    /// Give each type its own id.
    pub static DUPLICATE_TYPE_ID = {
        code: "TYP203", name: "duplicate-type-id", group: "types",
        severity: Error, summary: "two types with the same id",
    };
}
