use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// Says, once per wizard file, that some checks were skipped because
    /// the types of some services are defined by PHP annotations and no
    /// schema for them is available.
    ///
    /// ## Why
    /// Checks such as "`resource_id` is a counter of the service's type" or
    /// "`appId` is the root type" need the type's schema. APS PHP packages
    /// declare types in PHP docblocks; the schema exists only once generated.
    /// aps-pack never guesses: it says which checks it could not make.
    ///
    /// ## Fix
    /// Nothing is wrong. Generate the schemas from the PHP sources (or
    /// commit them under `schemas/`) to have the checks run.
    pub static TYPES_DEFINED_IN_PHP = {
        code: "WIZ190", name: "types-defined-in-php", group: "wizard",
        severity: Info, summary: "checks skipped: service types are defined in PHP and unknown",
    };
}
