use crate::classes;
use crate::lint::Cx;
use aps_diag::rule;

rule! { UNKNOWN_RESOURCE_CLASS;
    //! ## What it does
    //! Reports a `resClass` that is not a resource class of the platform.
    //!
    //! ## Why
    //! The resource class decides what the resource type provisions
    //! (`rc.saas.service`: a service resource; `rc.saas.service.link`: a
    //! reference to an existing resource; `rc.saas.resource.*`: a counter
    //! limit). An unknown class fails the import.
    //!
    //! Known classes: `rc.saas.service`, `rc.saas.service.link`,
    //! `rc.saas.countedlenk`, `rc.saas.resource` (KB), `rc.saas.resource.unit`,
    //! `.mhz`, `.kbps` (non-additive), `.mbh`, `.unith`, `.mhzh`, `.kba`,
    //! `.kbpsh` (additive).
    //!
    //! ## Example
    //! ```json
    //! { "id": -500002, "resClass": "rc.saas.services", … }
    //! ```
    //!
    //! ## Fix
    //! Use one of the known classes; the message suggests the closest.

    /// A resource type's `resClass` that is no resource class.
    pub(crate) struct UnknownResourceClass<'a> { pub what: &'a str, pub class: &'a str }
        => format!("{what} has unknown resource class `{class}`"),
        help: aps_diag::did_you_mean_help(class, classes::class_names()).unwrap_or_else(|| {
            "use `rc.saas.service`, `rc.saas.service.link` or a counter class `rc.saas.resource[.unit|.mhz|…]`"
                .to_string()
        });
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    for rt in &cx.w.resource_types {
        let Some(class) = rt.class else { continue };
        if classes::class(class.value).is_some() {
            continue;
        }
        cx.report_at(
            &UnknownResourceClass { what: &rt.what(), class: class.value },
            class.span,
            "not a resource class",
        );
    }
}
