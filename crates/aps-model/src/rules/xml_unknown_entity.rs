use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports an entity reference other than the five predefined ones (`&lt; &gt; &amp; &apos;
    /// &quot;`) and character references (`&#169;`, `&#xA9;`).
    ///
    /// ## Why
    /// Without a DTD (which aps-pack refuses) no other entity is defined; XML processors reject the
    /// document.
    ///
    /// ## Example
    /// ```xml
    /// <summary>Fast &nbsp; simple</summary>
    /// ```
    ///
    /// ## Fix
    /// Use the character itself (UTF-8), a character reference such as `&#160;`, or `&amp;` for a
    /// literal ampersand.
    pub static XML_UNKNOWN_ENTITY = {
        code: "XML003", name: "xml-unknown-entity", group: "syntax",
        severity: Error, summary: "unknown entity reference",
    };
}

/// A reference to an entity XML does not predefine.
pub(crate) struct XmlUnknownEntity<'a> {
    pub name: &'a str,
    /// In an attribute value (the help is shorter there).
    pub in_attribute: bool,
}

violation! { XmlUnknownEntity<'_> => XML_UNKNOWN_ENTITY,
    message: |v| format!("unknown entity reference `&{};`", v.name),
    help: |v| aps_diag::did_you_mean_help(v.name, ["lt", "gt", "amp", "apos", "quot"]).unwrap_or_else(|| {
        if v.in_attribute {
            "write a literal ampersand as `&amp;`".into()
        } else {
            "write a literal ampersand as `&amp;`; only `&lt; &gt; &amp; &apos; &quot;` and character references are defined".into()
        }
    }),
}
