use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports an XML declaration whose `encoding` is not UTF-8.
    ///
    /// ## Why
    /// aps-pack, like the APS tools, reads metadata as UTF-8. A file declared as ISO-8859-1 is read
    /// differently by different tools once it holds a non-ASCII character.
    ///
    /// ## Example
    /// ```xml
    /// <?xml version="1.0" encoding="ISO-8859-1"?>
    /// ```
    ///
    /// ## Fix
    /// Save the file as UTF-8 and declare `encoding="UTF-8"` (or drop the declaration).
    pub static XML_ENCODING = {
        code: "XML005", name: "xml-encoding", group: "syntax",
        severity: Warning, summary: "XML declaration names an encoding other than UTF-8",
    };
}

/// An XML declaration naming another encoding than UTF-8.
pub(crate) struct XmlEncoding<'a> {
    pub encoding: &'a str,
}

violation! { XmlEncoding<'_> => XML_ENCODING,
    message: |v| format!("the XML declaration says encoding `{}`; APS metadata is read as UTF-8", v.encoding),
    help: |_| "save the file as UTF-8 and declare `encoding=\"UTF-8\"`".into(),
}
