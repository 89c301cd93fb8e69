use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports a type schema whose own `id` does not end in a `/major.minor` version.
    /// (A version-less *reference* to a type is accepted by controllers and noted by TYP213.)
    ///
    /// ## Why
    /// Type ids are versioned URIs; the controller compares the versions of the types a package
    /// declares to decide compatibility and upgrades, and refuses a type it cannot version.
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

/// A type id without a `/major.minor` version at its end.
pub(crate) struct InvalidTypeId<'a> {
    pub id: &'a str,
}

violation! { InvalidTypeId<'_> => INVALID_TYPE_ID,
    message: |v| format!("type id `{}` does not end in a `/major.minor` version", v.id),
    help: |v| format!("for example `{}/1.0`", v.id.trim_end_matches('/')),
}
