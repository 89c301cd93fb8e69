use aps_diag::rule;

rule! { MISSING_FIELD;
    //! An object in `application.json`, `input.json` or `output.json` lacks a field the
    //! schema requires (for example `appId` in `application.json`, `name` in a parameter).
    //!
    //! **Why:** the marketplace server cannot show or deploy an application whose
    //! identity or parameters are incomplete.
    //!
    //! **Fix:** add the field; when a similarly named field exists, the help says which one was probably meant.

    /// A required field is absent; `present` is a key of the object that looks like it,
    /// `describe` what the schema says of the field.
    pub struct MissingField<'a> {
        pub owner: &'a str,
        pub field: &'a str,
        pub present: Option<&'a str>,
        pub describe: Option<&'a str>,
    } => format!("{owner} is missing the required field `{field}`"),
        help?: {
            Some(match (present, describe) {
                (Some(k), _) => format!("`{k}` is present: did you mean `{field}`?"),
                (None, Some(d)) => format!("add `\"{field}\"`: {d}"),
                (None, None) => format!("add `\"{field}\"`"),
            })
        };
}
