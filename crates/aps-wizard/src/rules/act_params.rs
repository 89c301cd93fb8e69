use crate::classes::{self, ClassKind};
use crate::lint::{quote_all, Cx};
use crate::wizard::{head, IDOAID};
use aps_diag::rule;

rule! { ACT_PARAMS_MISMATCH;
    //! ## What it does
    //! Checks that a resource type's `actParams` (activation parameters) fit
    //! its resource class:
    //!
    //! | class | required | optional |
    //! |---|---|---|
    //! | `rc.saas.service` | `service_id` | `app_id`, `autoprovide_service` |
    //! | `rc.saas.service.link` | `resource_uid` | `app_id`, `rtfor` |
    //! | `rc.saas.countedlenk` | `resource_uid` | `app_id`, `service_id`, `resource_id` |
    //! | counter classes (`rc.saas.resource*`) | `service_id`, `resource_id` | `app_id` |
    //!
    //! and that `app_id`, when given, is the placeholder `idOAID`.
    //!
    //! ## Why
    //! The platform activates the resource type with exactly these
    //! parameters: a missing one fails provisioning, a parameter of another
    //! class is ignored and usually means the class is wrong. A literal
    //! application id works only on the platform it was copied from.
    //!
    //! ## Example
    //! ```json
    //! { "resClass": "rc.saas.resource.unit", "actParams": { "service_id": "tenants" } }
    //! ```
    //! A counter class needs `resource_id` too.
    //!
    //! ## Fix
    //! Add the missing parameters, remove the ones of other classes, or
    //! change `resClass` to the class the parameters describe.

    /// Activation parameters that do not fit the resource class.
    pub(crate) enum ActParamsMismatch<'a> {
        /// A parameter the class requires is absent.
        Missing { what: &'a str, class: &'a str, key: &'a str, required: &'a [&'a str] }
            => format!("{what} of class `{class}` has no `{key}` in `actParams`"),
            help: format!("`{class}` needs {}", quote_all(required));
        /// A known parameter of another class.
        NotOfClass { key: &'a str, class: &'a str, takes: &'a [&'a str] }
            => format!("`{key}` does not apply to resource class `{class}`"),
            help: format!("remove it, or use the class it belongs to; `{class}` takes {}", quote_all(takes));
        /// `app_id` is a literal id rather than the placeholder.
        LiteralAppId { value: &'a str } => format!("`app_id` is `{value}`, not `{IDOAID}`"),
            help: "use `\"idOAID\"`: the platform substitutes the application's id on import; \
                   a literal id only fits the platform it came from"
                .into();
    }
}

/// Keys of `actParams` the format knows (the others are unknown keys, WIZ002).
const KNOWN: [&str; 6] =
    ["app_id", "service_id", "autoprovide_service", "resource_uid", "resource_id", "rtfor"];

/// (required, optional) parameters of a class.
pub(crate) fn params_of(kind: ClassKind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        ClassKind::Service => (&["service_id"], &["app_id", "autoprovide_service"]),
        ClassKind::Link => (&["resource_uid"], &["app_id", "rtfor"]),
        ClassKind::CountedLink => (&["resource_uid"], &["app_id", "service_id", "resource_id"]),
        ClassKind::Counter(_) => (&["service_id", "resource_id"], &["app_id"]),
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    for rt in &cx.w.resource_types {
        let (Some(class), Some(params)) = (rt.class, rt.act_params) else { continue };
        let Some(rc) = classes::class(class.value) else { continue };
        let (required, optional) = params_of(rc.kind);
        let act_key = rt
            .value
            .as_object()
            .and_then(|o| o.get_member("actParams"))
            .map(|m| m.key_span)
            .unwrap_or_else(|| head(rt.value));
        for key in required {
            if params.get(key).is_none() {
                let v = ActParamsMismatch::Missing { what: &rt.what(), class: class.value, key, required };
                cx.report_at(&v, act_key, format!("`{key}` missing"));
            }
        }
        for m in params.iter() {
            let key = m.key.as_str();
            if !KNOWN.contains(&key) || required.contains(&key) || optional.contains(&key) {
                continue;
            }
            let v = ActParamsMismatch::NotOfClass {
                key,
                class: class.value,
                takes: &[required, optional].concat(),
            };
            cx.report_at(&v, m.key_span, "ignored for this class");
        }
        if let Some(app) = params.get_member("app_id") {
            if let Some(s) = app.value.as_str() {
                if s != IDOAID {
                    cx.report_at(
                        &ActParamsMismatch::LiteralAppId { value: s },
                        app.value.span,
                        "expected the placeholder `idOAID`",
                    );
                }
            }
        }
    }
}
