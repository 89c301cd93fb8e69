use aps_diag::{declare_rule, Rule, Violation};

declare_rule! {
    /// Reports an element without an attribute it needs: `<service id>`, `<schema path>`, `<code
    /// path>`/`engine`, `<var name>`/`type-id`, `<view id>`, `<icon path>`, `<screenshot path>`,
    /// `<plugs-to id>`, `<upgrade match>`.
    ///
    /// ## Why
    /// The controller cannot register the service, type or view without it.
    ///
    /// ## Example
    /// ```xml
    /// <service><schema path="schemas/app.schema"/></service>
    /// ```
    ///
    /// ## Fix
    /// Add the attribute.
    pub static MISSING_ATTRIBUTE = {
        code: "APS108", name: "missing-attribute", group: "package",
        severity: Error, summary: "required attribute missing or empty",
    };
}

/// A required attribute that is absent or empty.
pub(crate) struct MissingAttribute<'a> {
    pub element: &'a str,
    pub name: &'a str,
    /// Present but empty.
    pub empty: bool,
}

impl Violation for MissingAttribute<'_> {
    fn rule(&self) -> &'static Rule {
        &MISSING_ATTRIBUTE
    }
    fn message(&self) -> String {
        match self.empty {
            true => format!("`<{}>` has an empty `{}`", self.element, self.name),
            false => format!("`<{}>` has no `{}` attribute", self.element, self.name),
        }
    }
}
