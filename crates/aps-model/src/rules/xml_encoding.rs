use aps_diag::rule;

rule! { XML_ENCODING;
    //! Reports an XML declaration whose `encoding` is not UTF-8.
    //!
    //! ## Why
    //! aps-pack, like the APS tools, reads metadata as UTF-8. A file declared as ISO-8859-1 is read
    //! differently by different tools once it holds a non-ASCII character.
    //!
    //! ## Example
    //! ```xml
    //! <?xml version="1.0" encoding="ISO-8859-1"?>
    //! ```
    //!
    //! ## Fix
    //! Save the file as UTF-8 and declare `encoding="UTF-8"` (or drop the declaration).

    /// An XML declaration naming another encoding than UTF-8.
    pub(crate) struct XmlEncoding<'a> { pub encoding: &'a str }
        => format!("the XML declaration says encoding `{encoding}`; APS metadata is read as UTF-8"),
        help: "save the file as UTF-8 and declare `encoding=\"UTF-8\"`".into();
}
