use aps_diag::{declare_rule, Rule, Violation};

declare_rule! {
    /// Reports a second `<id>`, `<name>`, `<version>`, `<release>`, `<presentation>`, `<upgrade>`…
    /// where only one is allowed.
    ///
    /// ## Why
    /// Tools disagree on which one wins; the controller's schema rejects the file.
    ///
    /// ## Example
    /// ```xml
    /// <version>1.0</version>
    /// <version>1.1</version>
    /// ```
    ///
    /// ## Fix
    /// Keep one.
    pub static DUPLICATE_ELEMENT = {
        code: "APS117", name: "duplicate-element", group: "package",
        severity: Error, summary: "element that may appear once appears twice",
    };
}

/// A singleton element that appears a second time.
pub(crate) struct DuplicateElement<'a> {
    pub name: &'a str,
}

impl Violation for DuplicateElement<'_> {
    fn rule(&self) -> &'static Rule {
        &DUPLICATE_ELEMENT
    }
    fn message(&self) -> String {
        format!("`<{}>` appears more than once", self.name)
    }
    fn help(&self) -> Option<String> {
        Some("keep one of them".into())
    }
}
