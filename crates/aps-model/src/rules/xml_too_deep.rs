use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports elements nested deeper than 256 levels.
    ///
    /// ## Why
    /// No APS metadata file comes close; the limit bounds memory and time on hostile input.
    ///
    /// ## Example
    /// A file of 10 MB of `<a><a><a>…`.
    ///
    /// ## Fix
    /// Check that the file is the right one.
    pub static XML_TOO_DEEP = {
        code: "XML004", name: "xml-too-deep", group: "syntax",
        severity: Error, summary: "XML nested too deeply",
    };
}

/// Elements nested deeper than the limit.
pub(crate) struct XmlTooDeep {
    pub max_depth: usize,
}

violation! { XmlTooDeep => XML_TOO_DEEP,
    message: |v| format!("elements are nested more than {} levels deep", v.max_depth),
    help: |_| "no APS metadata file nests this deep; check that the file is the right one".into(),
}
