use aps_diag::declare_rule;

declare_rule! {
    /// Reports an attribute value of the wrong form, such as a boolean that is not `true` or `false`.
    ///
    /// ## Why
    /// The controller's schema rejects the package at import.
    ///
    /// ## Example
    /// ```xml
    /// <var name="x" type-id="…" required="yes"/>
    /// ```
    ///
    /// ## Fix
    /// Use `true` or `false`.
    pub static INVALID_ATTRIBUTE_VALUE = {
        code: "APS109", name: "invalid-attribute-value", group: "package",
        severity: Error, summary: "attribute value of the wrong form",
    };
}
