use crate::schema::article;
use aps_diag::rule;

rule! { INVALID_SCHEMA;
    //! Reports a type schema whose structure is wrong: not an object, no `id`, a member of the wrong
    //! JSON type (`"required": "yes"`, `properties` as an array), a relation without `type`, an
    //! operation without `verb` or `path`.
    //!
    //! ## Why
    //! The controller refuses to register the type, and with it the package.
    //!
    //! ## Example
    //! ```json
    //! { "id": "http://example.com/app/1.0", "properties": [] }
    //! ```
    //!
    //! ## Fix
    //! Follow the APS type definition format: `properties`, `relations`, `operations`, `structures` are
    //! objects keyed by name.

    impl InvalidSchema<'_> {
        message: |v| match v {
            Self::NotObject { found } => format!("a type schema is a JSON object, found {}", article(found)),
            Self::NoId => "the type schema has no `id`".into(),
            Self::WrongType { key, expected, found } => {
                format!("`{key}` must be {expected}, found {}", article(found))
            }
            Self::NotBoolean { key, found } => {
                format!("`{key}` must be a boolean, found {}", article(found.type_name()))
            }
            Self::RelationWithoutType { name } => format!("relation `{name}` has no `type`"),
            Self::OperationWithout { name, key } => format!("operation `{name}` has no `{key}`"),
            Self::NotHttpVerb { verb } => format!("`{verb}` is not an HTTP verb APS uses"),
        },
        help?: |v| match v {
            Self::NoId => Some("add `\"id\": \"http://example.com/app/<name>/1.0\"`".into()),
            // `"true"` in quotes is a common slip; say so.
            Self::NotBoolean { found, .. } => match found.as_str() {
                Some(s @ ("true" | "false")) => Some(format!("write `{s}` without quotes")),
                _ => None,
            },
            _ => None,
        },
    }
}

/// A type schema whose shape is wrong. Found while the schema is read; the wording is here.
pub(crate) enum InvalidSchema<'a> {
    /// The document is not an object (`found` is a JSON type name).
    NotObject {
        found: &'a str,
    },
    NoId,
    /// A member of the wrong JSON type.
    WrongType {
        key: &'a str,
        expected: &'a str,
        found: &'a str,
    },
    /// A member that must be a boolean.
    NotBoolean {
        key: &'a str,
        found: &'a aps_json::Value,
    },
    RelationWithoutType {
        name: &'a str,
    },
    /// An operation without `verb` or `path`.
    OperationWithout {
        name: &'a str,
        key: &'a str,
    },
    NotHttpVerb {
        verb: &'a str,
    },
}
