use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a key the wizard data format does not have at that place,
    /// with the closest known key as a suggestion.
    ///
    /// ## Why
    /// The platform ignores keys it does not know: a misspelt key such as
    /// `resclass` silently loses its value, and the real key is then missing.
    ///
    /// ## Example
    /// ```json
    /// { "id": -500002, "name": "Tenant", "resclass": "rc.saas.service", "actParams": {} }
    /// ```
    ///
    /// ## Fix
    /// Rename the key as suggested (`resClass`), or remove it.
    pub static UNKNOWN_KEY = {
        code: "WIZ002", name: "unknown-wizard-key", group: "wizard",
        severity: Warning, summary: "unknown key in wizard data",
    };
}
