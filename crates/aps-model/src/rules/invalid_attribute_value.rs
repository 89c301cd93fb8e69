use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports an attribute value of the wrong form, such as a boolean that is not `true` or `false`.
    ///
    /// ## Why
    /// The controller's schema rejects the package at import.
    ///
    /// ## Example
    /// ```xml
    /// <var name="x" type-id="…" required="yes"/>
    /// ```
    ///
    /// ## Fix
    /// Use `true` or `false`.
    pub static INVALID_ATTRIBUTE_VALUE = {
        code: "APS109", name: "invalid-attribute-value", group: "package",
        severity: Error, summary: "attribute value of the wrong form",
    };
}

/// A boolean attribute that is neither `true` nor `false`.
pub(crate) struct InvalidBoolean<'a> {
    pub name: &'a str,
    pub found: &'a str,
}

violation! { InvalidBoolean<'_> => INVALID_ATTRIBUTE_VALUE,
    message: |v| format!("`{}` must be `true` or `false`, found `{}`", v.name, v.found),
    help: |v| match v.found.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "on" => "write `true`",
        "false" | "no" | "0" | "off" => "write `false`",
        _ => "use `true` or `false`",
    }
    .into(),
}
