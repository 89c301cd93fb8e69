use aps_diag::rule;

rule! { XML_UNKNOWN_ENTITY;
    //! Reports an entity reference other than the five predefined ones (`&lt; &gt; &amp; &apos;
    //! &quot;`) and character references (`&#169;`, `&#xA9;`).
    //!
    //! ## Why
    //! Without a DTD (which aps-pack refuses) no other entity is defined; XML processors reject the
    //! document.
    //!
    //! ## Example
    //! ```xml
    //! <summary>Fast &nbsp; simple</summary>
    //! ```
    //!
    //! ## Fix
    //! Use the character itself (UTF-8), a character reference such as `&#160;`, or `&amp;` for a
    //! literal ampersand.

    /// A reference to an entity XML does not predefine.
    pub(crate) struct XmlUnknownEntity<'a> {
        pub name: &'a str,
        /// In an attribute value (the help is shorter there).
        pub in_attribute: bool,
    } => format!("unknown entity reference `&{name};`"),
        help: aps_diag::did_you_mean_help(name, ["lt", "gt", "amp", "apos", "quot"]).unwrap_or_else(|| {
            if *in_attribute {
                "write a literal ampersand as `&amp;`".into()
            } else {
                "write a literal ampersand as `&amp;`; only `&lt; &gt; &amp; &apos; &quot;` and character references are defined".into()
            }
        });
}
