use aps_diag::rule;
use aps_json::schema::ViolationKind;
use aps_json::Value;

rule! { SCHEMA_MISMATCH;
    //! ## What it does
    //! Checks the wizard data against the published JSON Schema
    //! (`schemas/wizard-data.schema.json`): required keys, JSON types,
    //! allowed values. Each error points at the offending value.
    //!
    //! ## Why
    //! The platform reads the wizard data only when a provider runs the
    //! wizard; a value of the wrong type then fails the import on a live
    //! system, far from the commit that caused it.
    //!
    //! ## Example
    //! ```json
    //! { "id": "-500001", "name": "Tenant", "resClass": "rc.saas.service", "actParams": {} }
    //! ```
    //! `id` must be an integer, not a string.
    //!
    //! ## Fix
    //! Give the value the type the message names. Editors validate as you
    //! type when `"$schema"` names aps-pack's `schemas/wizard-data.schema.json`
    //! by a path relative to the wizard file.

    impl SchemaMismatch<'_> {
        message: |v| match v {
            Self::Missing { place, missing, .. } => format!("{place} has no `{missing}`"),
            Self::Repeated { place, item } => format!("{place} lists {item} more than once"),
            Self::Invalid { place, kind, found } => {
                let found = found.map(describe_value).unwrap_or_default();
                format!("{place} must be {}, found {found}", expectation(kind).0)
            }
            Self::IdOutOfRange { place, raw } => {
                format!("{place} must be an integer that fits a 64-bit signed integer, found `{raw}`")
            }
            Self::NumberOutOfRange { place, raw } => {
                format!("{place} is `{raw}`, a number outside the range the platform can read")
            }
        },
        help?: |v| match v {
            Self::Missing { missing, near: Some(near), .. } => {
                Some(format!("`{near}` is present: did you mean `{missing}`?"))
            }
            Self::Missing { missing, near: None, .. } => Some(format!("add `{missing}`")),
            Self::Repeated { .. } => Some("remove the repeated item".into()),
            Self::Invalid { kind, .. } => expectation(kind).1,
            Self::IdOutOfRange { .. } => {
                Some("write the id as a whole number without a fraction or exponent, e.g. -500001".into())
            }
            Self::NumberOutOfRange { .. } => Some("use a smaller number".into()),
        },
    }
}

/// Wizard data that does not match the schema (or numbers it cannot carry).
pub(crate) enum SchemaMismatch<'a> {
    /// A required key is absent; `near` is a present key close to it.
    Missing { place: &'a str, missing: &'a str, near: Option<&'a str> },
    /// An array lists an item twice (`item` shown quoted).
    Repeated { place: &'a str, item: &'a str },
    /// A value the schema rejects for `kind`.
    Invalid { place: &'a str, kind: &'a ViolationKind, found: Option<&'a Value> },
    /// An id that does not fit a 64-bit signed integer (`raw` as written, shortened).
    IdOutOfRange { place: &'a str, raw: &'a str },
    /// Another number outside the range the platform reads.
    NumberOutOfRange { place: &'a str, raw: &'a str },
}

/// `a string "x"`, `the integer 5`, for messages.
fn describe_value(v: &Value) -> String {
    let text = v.to_serde().to_string();
    let shown = if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    };
    match v.type_name() {
        "object" => "an object".to_string(),
        "array" => "an array".to_string(),
        "null" => "`null`".to_string(),
        "integer" => format!("the integer `{shown}`"),
        t => format!("a {t} `{shown}`"),
    }
}

fn type_name(t: &str) -> String {
    match t {
        "integer" => "an integer".to_string(),
        "object" => "an object".to_string(),
        "array" => "an array".to_string(),
        "null" => "`null`".to_string(),
        other => format!("a {other}"),
    }
}

/// What the schema expected (for the message) and a suggestion.
pub(crate) fn expectation(kind: &ViolationKind) -> (String, Option<String>) {
    match kind {
        ViolationKind::Type { expected } => {
            (expected.iter().map(|t| type_name(t)).collect::<Vec<_>>().join(" or "), None)
        }
        ViolationKind::Enum { options } => {
            let list = options
                .as_array()
                .map(|a| a.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            (format!("one of {list}"), None)
        }
        ViolationKind::Const { expected } => (format!("`{expected}`"), None),
        ViolationKind::MinLength { .. } => ("a non-empty string".into(), None),
        ViolationKind::MaxLength { limit } => (format!("at most {limit} characters long"), None),
        ViolationKind::Minimum { limit } => (format!("at least {limit}"), None),
        ViolationKind::Maximum { limit } => (format!("at most {limit}"), None),
        ViolationKind::Pattern { pattern } => {
            if pattern.starts_with("^[0-9]+") {
                ("a version such as `2.2`".into(), None)
            } else {
                (format!("a string matching `{pattern}`"), None)
            }
        }
        ViolationKind::AnyOf => (
            "a string or an array of strings".into(),
            Some("give the id of the related resource: `idglobals`, a wizard resource id or a UUID".into()),
        ),
        other => (format!("valid ({})", other.keyword()), None),
    }
}
