use aps_diag::declare_rule;

declare_rule! {
    /// Refuses any `<!DOCTYPE …>` declaration, with or without internal entity declarations. aps-pack
    /// never expands entities.
    ///
    /// ## Why
    /// APS metadata needs no DTD. A DOCTYPE is the vehicle of entity-expansion attacks ("billion
    /// laughs") and external-entity reads; refusing it outright keeps linting safe on untrusted
    /// packages.
    ///
    /// ## Example
    /// ```xml
    /// <!DOCTYPE application [ <!ENTITY a "aaaa"> ]>
    /// <application xmlns="http://aps-standard.org/ns/2">&a;</application>
    /// ```
    ///
    /// ## Fix
    /// Remove the DOCTYPE and write the text out.
    pub static XML_DOCTYPE = {
        code: "XML002", name: "xml-doctype", group: "syntax",
        severity: Error, summary: "DOCTYPE or entity declaration refused",
    };
}
