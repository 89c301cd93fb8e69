use crate::classes::{self, ClassKind};
use crate::context::ServiceType;
use crate::lint::{suggest_or_list, Cx};
use aps_diag::rule;

rule! { UNKNOWN_COUNTER;
    //! ## What it does
    //! With the package known, checks that a counter resource type's
    //! `actParams.resource_id` names a counter property — of type
    //! `…/core/resource/1.0#Counter`, `#Limit` or `#Usage` — of the type
    //! served by its `service_id` (inherited properties count).
    //!
    //! ## Why
    //! The platform reads usage from, and writes limits to, that property of
    //! every resource the service provisions. A name that is not a counter
    //! of the type fails on the first usage collection.
    //!
    //! ## Example
    //! ```json
    //! { "resClass": "rc.saas.resource.unit",
    //!   "actParams": { "service_id": "tenants", "resource_id": "userCount" } }
    //! ```
    //! while the tenant type declares `usersCount`.
    //!
    //! ## Fix
    //! Use the counter property's exact name (the message suggests the closest).

    /// A counter resource type's `resource_id` that is no counter of the service's type.
    pub(crate) struct UnknownCounter<'a> {
        pub type_id: &'a str,
        /// The `resource_id` as written.
        pub wanted: &'a str,
        /// The type's counter properties.
        pub counters: &'a [String],
        pub found: Found<'a>,
    } => {
        match found {
            Found::NotACounter { name, type_name } => {
                format!("property `{name}` of `{type_id}` is of type `{type_name}`, not a counter")
            }
            Found::NoProperty { service } => {
                format!("`{wanted}` is not a property of `{type_id}` (served by service `{service}`)")
            }
        }
    },
        help: suggest_or_list(
            wanted,
            counters,
            &format!("counters of `{type_id}`: "),
            &format!("`{type_id}` has no counter properties"),
        );
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
                let counters = counters_of(pkg, &type_id);
                let v = UnknownCounter {
                    type_id: &type_id,
                    wanted: counter.value,
                    counters: &counters,
                    found: Found::NotACounter { name: &prop.name, type_name: &prop.type_name },
                };
                cx.report_at(&v, counter.span, "not a #Counter, #Limit or #Usage property");
            }
            None => {
                let counters = counters_of(pkg, &type_id);
                let v = UnknownCounter {
                    type_id: &type_id,
                    wanted: counter.value,
                    counters: &counters,
                    found: Found::NoProperty { service: service.value },
                };
                cx.report_at(&v, counter.span, "no such counter");
            }
        }
    }
}

/// The counter properties of a type.
fn counters_of(pkg: &dyn crate::PackageContext, type_id: &str) -> Vec<String> {
    pkg.property_names(type_id)
        .into_iter()
        .filter(|n| pkg.property(type_id, n).is_some_and(|p| p.counter_kind().is_some()))
        .collect()
}

/// What `resource_id` names.
pub(crate) enum Found<'a> {
    /// A property that is not a counter.
    NotACounter { name: &'a str, type_name: &'a str },
    /// No property of the type served by `service`.
    NoProperty { service: &'a str },
}
