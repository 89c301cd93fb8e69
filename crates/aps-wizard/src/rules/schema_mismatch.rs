use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// Checks the wizard data against the published JSON Schema
    /// (`schemas/wizard-data.schema.json`): required keys, JSON types,
    /// allowed values. Each error points at the offending value.
    ///
    /// ## Why
    /// The platform reads the wizard data only when a provider runs the
    /// wizard; a value of the wrong type then fails the import on a live
    /// system, far from the commit that caused it.
    ///
    /// ## Example
    /// ```json
    /// { "id": "-500001", "name": "Tenant", "resClass": "rc.saas.service", "actParams": {} }
    /// ```
    /// `id` must be an integer, not a string.
    ///
    /// ## Fix
    /// Give the value the type the message names. Editors validate as you
    /// type when `"$schema"` names aps-pack's `schemas/wizard-data.schema.json`
    /// by a path relative to the wizard file.
    pub static SCHEMA_MISMATCH = {
        code: "WIZ001", name: "wizard-schema", group: "wizard",
        severity: Error, summary: "wizard data does not match the wizard data schema",
    };
}
