use aps_diag::rule;

rule! { MISSING_TYPE_CLASS;
    //! A service's PHP script declares no class with a `@type("…")` annotation.
    //!
    //! ## What it does
    //! For every `<service>` whose `<code engine="php" path="…">` script is
    //! used to generate the schema (no `<schema>`, or a `.schema.gen` one),
    //! checks that the script declares a class whose docblock has `@type`.
    //!
    //! ## Why
    //! Without it there is nothing to generate the service's schema from:
    //! `aps build` fails, and aps-pack cannot check the wizard data or the
    //! relations against the service's type.
    //!
    //! ## Example
    //! ```php
    //! class tenant extends \APS\ResourceBase { … }   // docblock without @type
    //! ```
    //!
    //! ## Fix
    //! Add a docblock with `@type("http://vendor.example/app/tenant/1.0")` and
    //! `@implements("http://aps-standard.org/types/core/resource/1.0")` to the class.

    /// A service script without a `@type` class.
    pub struct MissingTypeClass<'a> {
        /// The script, as shown.
        pub script: &'a str,
    } => format!("`{script}` declares no class with a `@type` annotation"),
        help: "add a docblock with `@type(\"<type id>\")` and `@implements(…)` to the service's class".into();
}
