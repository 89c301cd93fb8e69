use aps_diag::rule;

rule! { MISSING_ATTRIBUTE;
    //! Reports an element without an attribute it needs: `<service id>`, `<schema path>`, `<code
    //! path>`/`engine`, `<var name>`/`type-id`, `<view id>`, `<icon path>`, `<screenshot path>`,
    //! `<plugs-to id>`, `<upgrade match>`.
    //!
    //! ## Why
    //! The controller cannot register the service, type or view without it.
    //!
    //! ## Example
    //! ```xml
    //! <service><schema path="schemas/app.schema"/></service>
    //! ```
    //!
    //! ## Fix
    //! Add the attribute.

    /// A required attribute that is absent or empty.
    pub(crate) struct MissingAttribute<'a> {
        pub element: &'a str,
        pub name: &'a str,
        /// Present but empty.
        pub empty: bool,
    } => match empty {
        true => format!("`<{element}>` has an empty `{name}`"),
        false => format!("`<{element}>` has no `{name}` attribute"),
    };
}
