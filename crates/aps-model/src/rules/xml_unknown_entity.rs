use aps_diag::declare_rule;

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
