use aps_diag::{declare_rule, Rule, Violation};

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

impl Violation for XmlTooDeep {
    fn rule(&self) -> &'static Rule {
        &XML_TOO_DEEP
    }
    fn message(&self) -> String {
        format!("elements are nested more than {} levels deep", self.max_depth)
    }
    fn help(&self) -> Option<String> {
        Some("no APS metadata file nests this deep; check that the file is the right one".into())
    }
}
