use crate::lint::{suggest, Cx};
use aps_diag::rule;

rule! { CONFIGURABLE_PROPERTY;
    //! ## What it does
    //! With the package known, checks that each `configurableProperties`
    //! entry names a property of the application's root type.
    //!
    //! ## Why
    //! The wizard offers these properties of the application instance for
    //! editing; a name the root type does not have fails the settings step.
    //!
    //! ## Example
    //! ```json
    //! "configurableProperties": ["apphost", "apiKey"]
    //! ```
    //! while the root type declares `apikey`.
    //!
    //! ## Fix
    //! Use the property's exact name (the message suggests the closest).

    /// A configurable property the root type does not have.
    pub(crate) struct ConfigurableProperty<'a> {
        pub name: &'a str,
        pub root: &'a str,
        /// `did you mean …?`, when a property is close.
        pub suggestion: Option<String>,
    } => format!("`{name}` is not a property of the root type `{root}`"),
        help: suggestion.clone().unwrap_or_else(|| format!("see the properties of `{root}`"));
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
        let v = ConfigurableProperty {
            name: name.value,
            root: &root,
            suggestion: suggest(name.value, pkg.property_names(&root)),
        };
        cx.report_at(&v, name.span, "no such property");
    }
}
