use aps_diag::{declare_rule, violation};

declare_rule! {
    /// An object in `application.json`, `input.json` or `output.json` lacks a field the
    /// schema requires (for example `appId` in `application.json`, `name` in a parameter).
    ///
    /// **Why:** the marketplace server cannot show or deploy an application whose
    /// identity or parameters are incomplete.
    ///
    /// **Fix:** add the field; when a similarly named field exists, the help says which one was probably meant.
    pub static MISSING_FIELD = {
        code: "ZST111", name: "missing-field", group: "zstack",
        severity: Error, summary: "a required field is missing in a ZStack JSON file",
    };
}

/// A required field is absent; `present` is a key of the object that looks like it,
/// `describe` what the schema says of the field.
pub struct MissingField<'a> {
    pub owner: &'a str,
    pub field: &'a str,
    pub present: Option<&'a str>,
    pub describe: Option<&'a str>,
}

violation! { MissingField<'_> => MISSING_FIELD,
    message: |v| format!("{} is missing the required field `{}`", v.owner, v.field),
    help?: |v| {
        let field = v.field;
        Some(match (v.present, v.describe) {
            (Some(k), _) => format!("`{k}` is present: did you mean `{field}`?"),
            (None, Some(d)) => format!("add `\"{field}\"`: {d}"),
            (None, None) => format!("add `\"{field}\"`"),
        })
    },
}
