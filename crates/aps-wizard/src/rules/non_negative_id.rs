use crate::lint::Cx;
use aps_diag::rule;

rule! { NON_NEGATIVE_ID;
    //! ## What it does
    //! Warns when a resource type `id` or the service template `id` is not
    //! negative.
    //!
    //! ## Why
    //! Negative ids are placeholders: on import the platform creates the
    //! resource type or template and replaces every reference to the
    //! placeholder with the real id. A positive id may instead name an
    //! object that already exists on the platform.
    //!
    //! ## Example
    //! ```json
    //! { "id": 12, "name": "Tenant", "resClass": "rc.saas.service", … }
    //! ```
    //!
    //! ## Fix
    //! Use a negative id, by convention `-5000NN` for resource types and
    //! `-6000NN` for the template.

    /// An id that is not a negative placeholder.
    pub(crate) enum NonNegativeId<'a> {
        /// A resource type's, the `index`th of `resourceTypes`.
        ResourceType { what: &'a str, index: usize } => format!("{what} has a non-negative id"),
            help: format!("use a negative id such as {}", -(500000 + *index as i64 + 1));
        /// The service template's.
        Template { id: i64 } => format!("service template id {id} is not negative"),
            help: "use a negative id such as -600001".into();
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    for rt in &w.resource_types {
        let Some(id) = rt.id else { continue };
        if id.value >= 0 {
            let d = cx
                .diag(&NonNegativeId::ResourceType { what: &rt.what(), index: rt.index }, id.span)
                .with_label("not a placeholder id")
                .with_note("a positive id may collide with a resource type that exists on the platform");
            cx.report(d);
        }
    }
    if let Some(id) = w.template.as_ref().and_then(|t| t.id) {
        if id.value >= 0 {
            let d = cx
                .diag(&NonNegativeId::Template { id: id.value }, id.span)
                .with_label("not a placeholder id")
                .with_note("a positive id may collide with a service template that exists on the platform");
            cx.report(d);
        }
    }
}
