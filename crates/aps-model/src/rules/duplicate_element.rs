use aps_diag::{declare_rule, violation};

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

violation! { DuplicateElement<'_> => DUPLICATE_ELEMENT,
    message: |v| format!("`<{}>` appears more than once", v.name),
    help: |_| "keep one of them".into(),
}
