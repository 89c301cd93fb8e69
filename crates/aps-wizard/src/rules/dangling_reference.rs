use crate::lint::{suggest, suggest_id, Cx};
use crate::wizard::{is_uuid, Text, IDGLOBALS, IDOAID};
use aps_diag::rule;

rule! { DANGLING_REFERENCE;
    //! ## What it does
    //! Reports a reference inside the wizard data that names nothing:
    //! - a service template entry's `rtID` that is no resource type's `id`;
    //! - a link's `actParams.resource_uid`, or a `relations` value, that is
    //!   neither `idglobals`, nor the id of an `apsResources` entry or of the
    //!   `resellerProfile`, nor an APS resource UUID.
    //!
    //! ## Why
    //! The platform resolves these references on import; a dangling one
    //! fails the wizard after part of the configuration has been created.
    //!
    //! ## Example
    //! ```json
    //! "resources": [ { "rtID": -50002, "limit": 1 } ]
    //! ```
    //! when the resource type is `-500002`.
    //!
    //! ## Fix
    //! Correct the reference (the message suggests the closest id) or add the
    //! missing item.

    /// A reference that names nothing.
    pub(crate) enum DanglingReference<'a> {
        /// A service template entry's `rtID` is no resource type's id.
        ResourceType { id: i64, suggestion: Option<String> }
            => format!("service template entry refers to resource type {id}, which does not exist"),
            help: suggestion
                .clone()
                .unwrap_or_else(|| "use the `id` of one of the resource types in `resourceTypes`".into());
        /// A link or relation target is not `idglobals`, a wizard resource id or a UUID.
        Resource { what: &'a str, target: &'a str, suggestion: Option<String> }
            => format!("{what} to `{target}`, which names no resource"),
            help: suggestion.clone().unwrap_or_else(|| {
                if *target == IDOAID {
                    "`idOAID` stands for the platform's numeric application id, not a resource: use `idglobals` for the application instance".into()
                } else {
                    "use `idglobals` (the application instance), the id of a wizard resource, or an APS resource UUID".into()
                }
            });
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    if let Some(t) = &w.template {
        for e in &t.entries {
            let Some(rt_id) = e.rt_id else { continue };
            if w.rt_index.contains_key(&rt_id.value) {
                continue;
            }
            let suggestion =
                suggest_id(rt_id.value, w.resource_types.iter().filter_map(|r| r.id).map(|i| i.value));
            cx.report_at(
                &DanglingReference::ResourceType { id: rt_id.value, suggestion },
                rt_id.span,
                "no resource type with this id",
            );
        }
    }
    for rt in &w.resource_types {
        if !rt.is_link() {
            continue;
        }
        if let Some(target) = rt.param_str("resource_uid") {
            check_resource_ref(cx, target, &format!("{} links", rt.what()));
        }
    }
    for p in &w.profiles {
        for rel in &p.relations {
            for (_, target) in &rel.targets {
                check_resource_ref(cx, *target, &format!("relation `{}` of {}", rel.name.value, p.what()));
            }
        }
    }
}

/// A reference to a resource: `idglobals`, a wizard resource id, or a UUID.
fn check_resource_ref(cx: &mut Cx<'_, '_>, target: Text<'_>, what: &str) {
    let w = cx.w;
    let v = target.value;
    if v == IDGLOBALS || is_uuid(v) || w.profile_index.contains_key(v) {
        return;
    }
    let candidates =
        std::iter::once(IDGLOBALS.to_string()).chain(w.profile_index.keys().map(|k| k.to_string()));
    let candidates: Vec<String> = candidates.collect();
    let near = aps_diag::did_you_mean(v, candidates.iter().map(String::as_str));
    let fix = aps_diag::Fix::rename_opt(cx.file, target.span, near);
    let violation = DanglingReference::Resource { what, target: v, suggestion: suggest(v, &candidates) };
    let d = cx
        .diag(&violation, target.span)
        .with_label("not `idglobals`, a wizard resource id or a UUID")
        .with_fix_opt(fix);
    cx.report(d);
}
