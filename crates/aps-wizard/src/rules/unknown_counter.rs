use crate::classes::{self, ClassKind};
use crate::context::ServiceType;
use crate::lint::{suggest, Cx};
use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// With the package known, checks that a counter resource type's
    /// `actParams.resource_id` names a counter property — of type
    /// `…/core/resource/1.0#Counter`, `#Limit` or `#Usage` — of the type
    /// served by its `service_id` (inherited properties count).
    ///
    /// ## Why
    /// The platform reads usage from, and writes limits to, that property of
    /// every resource the service provisions. A name that is not a counter
    /// of the type fails on the first usage collection.
    ///
    /// ## Example
    /// ```json
    /// { "resClass": "rc.saas.resource.unit",
    ///   "actParams": { "service_id": "tenants", "resource_id": "userCount" } }
    /// ```
    /// while the tenant type declares `usersCount`.
    ///
    /// ## Fix
    /// Use the counter property's exact name (the message suggests the closest).
    pub static UNKNOWN_COUNTER = {
        code: "WIZ114", name: "unknown-counter", group: "wizard",
        severity: Error, summary: "`resource_id` is not a counter property of the service's type",
    };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let w = cx.w;
    for rt in &w.resource_types {
        let Some(family) = rt.class_name().and_then(classes::class).and_then(|c| match c.kind {
            ClassKind::Counter(f) => Some(f),
            _ => None,
        }) else {
            continue;
        };
        let (Some(service), Some(counter)) = (rt.param_str("service_id"), rt.param_str("resource_id")) else {
            continue;
        };
        let ServiceType::Known(type_id) = cx.service_type(service.value, counter.span) else { continue };
        match pkg.property(&type_id, counter.value) {
            Some(prop) if prop.counter_kind().is_some() => {
                super::counter_unit::check_unit(cx, rt, family, &prop, counter.span);
            }
            Some(prop) => {
                let d = cx
                    .diag(
                        &UNKNOWN_COUNTER,
                        counter.span,
                        format!(
                            "property `{}` of `{type_id}` is of type `{}`, not a counter",
                            prop.name, prop.type_name
                        ),
                    )
                    .with_label("not a #Counter, #Limit or #Usage property")
                    .with_help_opt(counter_help(pkg, &type_id, counter.value));
                cx.report(d);
            }
            None => {
                let d = cx
                    .diag(
                        &UNKNOWN_COUNTER,
                        counter.span,
                        format!(
                            "`{}` is not a property of `{type_id}` (served by service `{}`)",
                            counter.value, service.value
                        ),
                    )
                    .with_label("no such counter")
                    .with_help_opt(counter_help(pkg, &type_id, counter.value));
                cx.report(d);
            }
        }
    }
}

fn counter_help(pkg: &dyn crate::PackageContext, type_id: &str, wanted: &str) -> Option<String> {
    let counters: Vec<String> = pkg
        .property_names(type_id)
        .into_iter()
        .filter(|n| pkg.property(type_id, n).is_some_and(|p| p.counter_kind().is_some()))
        .collect();
    suggest(wanted, &counters).or_else(|| {
        if counters.is_empty() {
            Some(format!("`{type_id}` has no counter properties"))
        } else {
            Some(format!(
                "counters of `{type_id}`: {}",
                counters.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
            ))
        }
    })
}
