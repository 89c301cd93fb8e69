use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports an element in the APS 2 namespace that aps-pack does not know at that place, with a
    /// suggestion when it looks like a misspelling. Elements of other namespaces are extensions and are
    /// left alone.
    ///
    /// ## Why
    /// A misspelt element (`<licence-agreement>`) is silently ignored by the controller, so what it
    /// declares never takes effect.
    ///
    /// ## Example
    /// ```xml
    /// <presentation><sumary>Demo</sumary></presentation>
    /// ```
    ///
    /// ## Fix
    /// Correct the name, or remove the element.
    pub static UNKNOWN_ELEMENT = {
        code: "APS105", name: "unknown-element", group: "package",
        severity: Warning, summary: "unknown element in APP-META.xml",
    };
}

/// An APS element not allowed where it is.
pub(crate) struct UnknownElement<'a> {
    pub name: &'a str,
    pub parent: &'a str,
    /// The elements allowed in the parent.
    pub known: &'a [&'a str],
}

violation! { UnknownElement<'_> => UNKNOWN_ELEMENT,
    message: |v| format!("unknown element `<{}>` in `<{}>`", v.name, v.parent),
    help: |v| aps_diag::did_you_mean_help(v.name, v.known.iter().copied())
        .unwrap_or_else(|| format!("`<{}>` may contain: {}", v.parent, v.known.join(", "))),
}
