use crate::names::json_string;
use aps_diag::rule;

rule! { INVALID_VALUE;
    //! A value in `application.json`, `input.json`, `output.json` or `steps.json` does
    //! not match the published schema (`schemas/zstack/*.schema.json`): wrong JSON type,
    //! an empty string where text is required, a number out of range.
    //!
    //! **Why:** the marketplace server deserialises these files into typed records; a
    //! string where a number is expected fails the import or, worse, shows a broken form.
    //!
    //! **Example:** `"default_value": "2"` next to `"min": 1` (a string where a number is expected).
    //!
    //! **Fix:** write the value with the type the message names.

    impl InvalidValue<'_> {
        message: |v| match v {
            Self::Type { field, owner, expected, found } => {
                format!("{} must be {}, found {found}", what(field, owner), article(expected))
            }
            Self::Empty { field, owner } => format!("{} must not be empty", what(field, owner)),
            Self::Pattern { field, owner, value, explain } => {
                format!("`{field}` of {owner} is {}: expected {explain}", json_string(value))
            }
            Self::OutOfRange { field, owner, minimum, limit } => {
                let bound = if *minimum { "at least" } else { "at most" };
                format!("`{field}` of {owner} must be {bound} {limit}")
            }
            Self::Mismatch { field, owner, .. } => format!("`{field}` of {owner} does not match its schema"),
        },
        help?: |v| match v {
            Self::Type { expected: "number", found: "string", .. } => {
                Some("write the number without quotes".to_string())
            }
            Self::Mismatch { file, .. } => {
                Some(format!("see schemas/zstack/{}", file.replace(".json", ".schema.json")))
            }
            _ => None,
        },
    }
}

/// A value the schema refuses, by the shape of the refusal: `field` (a dotted path, empty
/// for the whole item) of `owner` ("parameter `cpu`", "output #2", "application.json").
pub enum InvalidValue<'a> {
    Type { field: &'a str, owner: &'a str, expected: &'a str, found: &'a str },
    Empty { field: &'a str, owner: &'a str },
    Pattern { field: &'a str, owner: &'a str, value: &'a str, explain: &'a str },
    OutOfRange { field: &'a str, owner: &'a str, minimum: bool, limit: f64 },
    Mismatch { field: &'a str, owner: &'a str, file: &'a str },
}

/// "`min` of parameter `cpu`", or the owner alone when the value is the whole item.
fn what(field: &str, owner: &str) -> String {
    if field.is_empty() {
        owner.to_string()
    } else {
        format!("`{field}` of {owner}")
    }
}

fn article(t: &str) -> String {
    match t {
        "object" | "array" | "integer" => format!("an {t}"),
        "boolean" | "string" | "number" => format!("a {t}"),
        other => other.to_string(),
    }
}
