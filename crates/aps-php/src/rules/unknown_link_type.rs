aps_diag::declare_rule! {
    /// A `@link` to a type that neither the package nor the type registry declares.
    ///
    /// ## What it does
    /// Checks the type id of every `@link("…")` (without its `[]` collection
    /// suffix) against the types the package declares (schemas and PHP
    /// classes) and the standard APS types aps-pack knows.
    ///
    /// ## Why
    /// A relation to a type that does not exist on the platform makes the
    /// package import fail; a typo in the id (a wrong version, a missing path
    /// segment) is the usual cause.
    ///
    /// ## Example
    /// ```php
    /// /**
    ///  * @link("http://example.com/app/tenat/1.0[]")
    ///  */
    /// public $tenants;
    /// ```
    ///
    /// ## Fix
    /// Correct the id. A type of another package is fine if that package is
    /// installed first: silence this rule for it with `--severity PHP003=off`
    /// or in `aps-pack.toml`.
    pub static UNKNOWN_LINK_TYPE = {
        code: "PHP003", name: "unknown-link-type", group: "php",
        severity: Warning, summary: "`@link` to a type that is not known",
    };
}
