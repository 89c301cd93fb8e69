use aps_diag::declare_rule;

declare_rule! {
    /// Reports XML that is not well-formed: an unclosed tag, a closing tag that does not match, an
    /// unquoted attribute value, a stray `<` or `&`, a truncated file. The message says what was
    /// expected and where; a secondary label points at the element that was open.
    ///
    /// ## Why
    /// The APS controller rejects a package whose APP-META.xml does not parse, usually with a message
    /// that does not say where the problem is.
    ///
    /// ## Example
    /// ```xml
    /// <application xmlns="http://aps-standard.org/ns/2">
    ///   <name>Demo</nam>
    /// </application>
    /// ```
    ///
    /// ## Fix
    /// Correct the markup at the reported position. Write a literal `<` as `&lt;` and `&` as `&amp;`.
    pub static XML_SYNTAX = {
        code: "XML001", name: "xml-syntax", group: "syntax",
        severity: Error, summary: "malformed XML",
    };
}
