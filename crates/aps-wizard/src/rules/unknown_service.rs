use crate::context::ServiceType;
use crate::lint::{suggest_or_list, Cx};
use aps_diag::rule;

rule! { UNKNOWN_SERVICE;
    //! ## What it does
    //! With the package known, reports an `actParams.service_id` that is not
    //! the `id` of a `<service>` in APP-META.xml.
    //!
    //! ## Why
    //! `rc.saas.service` and counter resource types provision (or count) the
    //! resources of one service. A service id the package does not declare
    //! fails when the first subscription is provisioned.
    //!
    //! ## Example
    //! ```json
    //! { "resClass": "rc.saas.service", "actParams": { "service_id": "tenant" } }
    //! ```
    //! while APP-META.xml declares `<service id="tenants">`.
    //!
    //! ## Fix
    //! Use one of the service ids of APP-META.xml (the message suggests the closest).

    /// A `service_id` APP-META.xml does not declare.
    pub(crate) struct UnknownService<'a> {
        pub what: &'a str,
        pub service: &'a str,
        /// The services APP-META.xml declares.
        pub declared: &'a [String],
    } => format!("{what} names service `{service}`, which APP-META.xml does not declare"),
        help: suggest_or_list(service, declared, "APP-META.xml declares ", "APP-META.xml declares no services");
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    for rt in &cx.w.resource_types {
        let Some(service) = rt.param_str("service_id") else { continue };
        if pkg.service_type(service.value) != ServiceType::NoSuchService {
            continue;
        }
        let ids = pkg.service_ids();
        let v = UnknownService { what: &rt.what(), service: service.value, declared: &ids };
        let near = aps_diag::did_you_mean(service.value, ids.iter().map(|s| s.as_ref()));
        let fix = aps_diag::Fix::rename_opt(cx.file, service.span, near);
        let d = cx.diag(&v, service.span).with_label("no such <service id>").with_fix_opt(fix);
        cx.report(d);
    }
}
