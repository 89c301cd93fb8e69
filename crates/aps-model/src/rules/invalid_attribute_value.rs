use aps_diag::rule;

rule! { INVALID_ATTRIBUTE_VALUE;
    //! Reports an attribute value of the wrong form, such as a boolean that is not `true` or `false`.
    //!
    //! ## Why
    //! The controller's schema rejects the package at import.
    //!
    //! ## Example
    //! ```xml
    //! <var name="x" type-id="…" required="yes"/>
    //! ```
    //!
    //! ## Fix
    //! Use `true` or `false`.

    /// A boolean attribute that is neither `true` nor `false`.
    pub(crate) struct InvalidBoolean<'a> { pub name: &'a str, pub found: &'a str }
        => format!("`{name}` must be `true` or `false`, found `{found}`"),
        help: match found.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" | "on" => "write `true`",
            "false" | "no" | "0" | "off" => "write `false`",
            _ => "use `true` or `false`",
        }
        .into();
}
