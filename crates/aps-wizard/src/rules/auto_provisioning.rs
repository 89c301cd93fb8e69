use crate::classes::{self, ClassKind};
use crate::lint::Cx;
use aps_diag::rule;

rule! { AUTO_PROVISIONING;
    //! ## What it does
    //! Checks that exactly one `rc.saas.service` resource type provisions its
    //! service automatically (`"autoprovide_service": 1`).
    //!
    //! ## Why
    //! The auto-provisioned service resource is the tenant: the platform
    //! creates it with every subscription and the application's other
    //! resources hang off it. With none, subscriptions start without a
    //! tenant; with several, each subscription creates several tenants.
    //!
    //! ## Example
    //! Two `rc.saas.service` rows, both with `"autoprovide_service": 1`.
    //!
    //! ## Fix
    //! Set `autoprovide_service` to 1 on the tenant's resource type only.

    /// Not exactly one service is provisioned automatically.
    pub(crate) enum AutoProvisioning<'a> {
        /// No `rc.saas.service` resource type at all.
        NoService => "no resource type of class `rc.saas.service`".into(),
            help: "set `\"autoprovide_service\": 1` on the tenant's `rc.saas.service` resource type".into();
        /// None of them is provisioned automatically.
        None => "no `rc.saas.service` resource type is provisioned automatically".into(),
            help: "set `\"autoprovide_service\": 1` on the tenant's `rc.saas.service` resource type".into();
        /// One more besides the first.
        Another { what: &'a str } => format!("{what} is provisioned automatically too"),
            help: "keep `\"autoprovide_service\": 1` on the tenant only and set the others to 0".into();
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let Some(list) = w.resource_types_member() else {
        return;
    };
    if list.value.as_array().is_none() {
        return;
    }
    let services: Vec<_> = w
        .resource_types
        .iter()
        .filter(|rt| rt.class_name().and_then(classes::class).is_some_and(|c| c.kind == ClassKind::Service))
        .collect();
    let auto: Vec<_> = services
        .iter()
        .filter_map(|rt| {
            let m = rt.param("autoprovide_service")?;
            (m.value.as_i64() == Some(1)).then_some((rt, m.value.span))
        })
        .collect();
    match auto.as_slice() {
        [_] => {}
        [] => {
            let (span, v) = match services.first() {
                Some(first) => (
                    first
                        .param("autoprovide_service")
                        .map(|m| m.value.span)
                        .unwrap_or_else(|| first.anchor()),
                    AutoProvisioning::None,
                ),
                None => (list.key_span, AutoProvisioning::NoService),
            };
            let d = cx
                .diag(&v, span)
                .with_label("expected one tenant resource type with `\"autoprovide_service\": 1`")
                .with_note(
                    "subscriptions would start without the tenant resource the other services hang off",
                );
            cx.report(d);
        }
        [(first, first_span), rest @ ..] => {
            for (rt, span) in rest {
                let d = cx
                    .diag(&AutoProvisioning::Another { what: &rt.what() }, *span)
                    .with_label("second auto-provisioned service")
                    .with_secondary(cx.file, *first_span, format!("{} is already", first.what()))
                    .with_note("every subscription would create one resource per auto-provisioned service");
                cx.report(d);
            }
        }
    }
}
