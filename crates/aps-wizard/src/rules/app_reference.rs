use crate::classes::{self, ClassKind};
use crate::lint::Cx;
use crate::wizard::IDGLOBALS;
use aps_diag::rule;

rule! { APP_REFERENCE;
    //! ## What it does
    //! Checks the application reference: the `rc.saas.service.link`
    //! resource type whose `resource_uid` is `idglobals`. There should be
    //! one, and it should be `"required": true`.
    //!
    //! ## Why
    //! The application reference gives each subscription access to the
    //! application instance; the services of a subscription that lacks it
    //! cannot find the application. Marking it required keeps it in every
    //! service template built from this data.
    //!
    //! ## Example
    //! ```json
    //! { "id": -500001, "resClass": "rc.saas.service.link", "required": false,
    //!   "actParams": { "app_id": "idOAID", "resource_uid": "idglobals" } }
    //! ```
    //!
    //! ## Fix
    //! Set `"required": true` (add the resource type if it is missing).

    /// The application instance is not linked, or not always.
    pub(crate) enum AppReference<'a> {
        /// No resource type links `idglobals`.
        Missing => "no resource type links the application instance".into(),
            help: "add `{ \"id\": -500001, \"name\": \"<App> - App REF\", \"resClass\": \"rc.saas.service.link\", \
                   \"required\": true, \"actParams\": { \"app_id\": \"idOAID\", \"resource_uid\": \"idglobals\" } }` \
                   and put it in the service template"
                .into();
        /// The link is optional.
        NotRequired { what: &'a str } => format!("application reference {what} is not required"),
            help: "set `\"required\": true`".into();
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let Some(list) = w.resource_types_member() else {
        return;
    };
    let links: Vec<_> = w
        .resource_types
        .iter()
        .filter(|rt| rt.class_name().and_then(classes::class).is_some_and(|c| c.kind == ClassKind::Link))
        .filter(|rt| rt.param_str("resource_uid").is_some_and(|t| t.value == IDGLOBALS))
        .collect();
    if links.is_empty() {
        if w.resource_types.is_empty() {
            return;
        }
        cx.report_at(
            &AppReference::Missing,
            list.key_span,
            "expected an `rc.saas.service.link` to `idglobals`",
        );
        return;
    }
    for rt in links {
        if rt.is_required() {
            continue;
        }
        let span = rt.required.map(|(_, s)| s).unwrap_or_else(|| rt.anchor());
        let d = cx
            .diag(&AppReference::NotRequired { what: &rt.what() }, span)
            .with_label(if rt.required.is_some() {
                "`false` here"
            } else {
                "no `required` (defaults to false)"
            })
            .with_note(
                "a service template without it gives its subscriptions no access to the application instance",
            );
        cx.report(d);
    }
}
