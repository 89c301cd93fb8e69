aps_diag::declare_rule! {
    /// A committed `.schema.gen` file no longer matches the PHP it is generated from.
    ///
    /// ## What it does
    /// `aps-pack schema gen --check` generates every service's schema from
    /// its PHP annotations in memory and compares it with the committed
    /// `schemas/<service>.schema.gen`: the JSON must be equal (key order and
    /// formatting do not matter). A missing file counts as drift.
    ///
    /// ## Why
    /// The committed file is what reviewers read and what tools that do not
    /// run PHP use; when the PHP changed and the file did not, both describe
    /// different types, and the package built from the scripts is not the one
    /// that was reviewed.
    ///
    /// ## Example
    /// A property was added to `scripts/tenants.php` but
    /// `schemas/tenants.schema.gen` was not regenerated.
    ///
    /// ## Fix
    /// Run `aps-pack schema gen` and commit the result.
    pub static GENERATED_SCHEMA_DRIFT = {
        code: "PHP010", name: "generated-schema-drift", group: "php",
        severity: Error, summary: "committed `.schema.gen` differs from what the PHP generates",
    };
}
