use aps_diag::rule;

rule! { XML_DOCTYPE;
    //! Refuses any `<!DOCTYPE …>` declaration, with or without internal entity declarations. aps-pack
    //! never expands entities.
    //!
    //! ## Why
    //! APS metadata needs no DTD. A DOCTYPE is the vehicle of entity-expansion attacks ("billion
    //! laughs") and external-entity reads; refusing it outright keeps linting safe on untrusted
    //! packages.
    //!
    //! ## Example
    //! ```xml
    //! <!DOCTYPE application [ <!ENTITY a "aaaa"> ]>
    //! <application xmlns="http://aps-standard.org/ns/2">&a;</application>
    //! ```
    //!
    //! ## Fix
    //! Remove the DOCTYPE and write the text out.

    /// A DOCTYPE declaration, with or without entity declarations.
    pub(crate) struct XmlDoctype { pub declares_entities: bool } => if *declares_entities {
        "the document declares entities in a DOCTYPE; aps-pack refuses DOCTYPE declarations and never expands entities".into()
    } else {
        "the document has a DOCTYPE declaration; aps-pack refuses DOCTYPE declarations".into()
    },
        help: "remove the `<!DOCTYPE …>` declaration: APS metadata needs no DTD".into();
}
