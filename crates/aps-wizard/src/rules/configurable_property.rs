use crate::lint::{suggest, Cx};
use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// With the package known, checks that each `configurableProperties`
    /// entry names a property of the application's root type.
    ///
    /// ## Why
    /// The wizard offers these properties of the application instance for
    /// editing; a name the root type does not have fails the settings step.
    ///
    /// ## Example
    /// ```json
    /// "configurableProperties": ["apphost", "apiKey"]
    /// ```
    /// while the root type declares `apikey`.
    ///
    /// ## Fix
    /// Use the property's exact name (the message suggests the closest).
    pub static CONFIGURABLE_PROPERTY = {
        code: "WIZ152", name: "unknown-configurable-property", group: "wizard",
        severity: Error, summary: "configurable property is not a property of the root type",
    };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let w = cx.w;
    let Some(first) = w.configurable.first() else { return };
    let Some(root) = cx.root_type(first.span) else { return };
    for name in &w.configurable {
        if pkg.property(&root, name.value).is_some() {
            continue;
        }
        let help = suggest(name.value, pkg.property_names(&root))
            .unwrap_or_else(|| format!("see the properties of `{root}`"));
        let d = cx
            .diag(
                &CONFIGURABLE_PROPERTY,
                name.span,
                format!("`{}` is not a property of the root type `{root}`", name.value),
            )
            .with_label("no such property")
            .with_help(help);
        cx.report(d);
    }
}
