use crate::context::Property;
use crate::lint::Cx;
use crate::wizard::Profile;
use aps_diag::rule;
use aps_json::{Kind, Member};

rule! { FIELD_TYPE_MISMATCH;
    //! ## What it does
    //! With the package known, checks that each value in a wizard resource's
    //! `fields` has the JSON type of the property it sets: a string for
    //! `string`, a whole number for `integer`, a number for `number`,
    //! `true`/`false` for `boolean`, an array for `array`, an object for
    //! `object` and structures. `null` is accepted (the property stays unset).
    //!
    //! ## Why
    //! The platform validates the resource against its type when the wizard
    //! creates it; a mistyped value fails that step.
    //!
    //! ## Example
    //! ```json
    //! "fields": { "diskquota": "10" }
    //! ```
    //! for an `integer` property.
    //!
    //! ## Fix
    //! Write the value with the property's type (here `10`, without quotes).

    /// A field whose value is not of its property's type.
    pub(crate) struct FieldTypeMismatch<'a> {
        pub key: &'a str,
        /// The wizard resource.
        pub what: &'a str,
        pub value: &'a aps_json::Value,
        pub type_name: &'a str,
        /// What the property takes, e.g. `an integer`.
        pub expected: &'a str,
    } => format!(
        "`{}` of {} is {}, but the property is of type `{}`",
        key,
        what,
        describe(value),
        type_name
    ),
        help: format!("write the value as {expected}");
}

/// Called by the field check once the property is known.
pub(crate) fn check_value(cx: &mut Cx<'_, '_>, profile: &Profile<'_>, prop: &Property, m: &Member) {
    let v = &m.value;
    let (ok, expected) = match prop.type_name.as_str() {
        "string" => (matches!(v.kind, Kind::String(_)), "a string"),
        "integer" => (v.as_number().is_some_and(|n| n.is_integer()), "an integer"),
        "number" => (matches!(v.kind, Kind::Number(_)), "a number"),
        "boolean" => (matches!(v.kind, Kind::Bool(_)), "`true` or `false`"),
        "array" => (matches!(v.kind, Kind::Array(_)), "an array"),
        // `object`, structures of the type, counters (`…#Counter`): all objects.
        _ => (matches!(v.kind, Kind::Object(_)), "an object"),
    };
    if ok || v.is_null() {
        return;
    }
    cx.report_at(
        &FieldTypeMismatch {
            key: &m.key,
            what: &profile.what(),
            value: v,
            type_name: &prop.type_name,
            expected,
        },
        v.span,
        format!("expected {expected}"),
    );
}

/// `the string "10"`, `the number 1.5`, `an array`, for messages.
fn describe(v: &aps_json::Value) -> String {
    match &v.kind {
        Kind::String(s) => format!("the string {}", serde_json::Value::String(s.clone())),
        Kind::Number(n) => format!("the number {}", n.raw),
        Kind::Bool(b) => format!("`{b}`"),
        Kind::Null => "`null`".into(),
        Kind::Array(_) => "an array".into(),
        Kind::Object(_) => "an object".into(),
    }
}
