use crate::context::version_compatible;
use crate::lint::Cx;
use crate::wizard::IDGLOBALS;
use aps_diag::rule;

rule! { LINK_TYPE_MISMATCH;
    //! ## What it does
    //! With the package known, checks that the `rtfor` of a link resource
    //! type (`rc.saas.service.link`, `rc.saas.countedlenk`) names a type the
    //! linked resource has: the root type for `idglobals`, the `apsType` of a
    //! wizard resource, or a type either implements (the wizard documentation
    //! sets it to the standard profile type,
    //! `http://aps-standard.org/types/core/profile/service/1.0`). `rtfor` is read
    //! beside `resClass`, where the documentation puts it, or inside `actParams`.
    //!
    //! ## Why
    //! The platform looks for the linked resource by type; when `rtfor` and
    //! the resource's type disagree the link resolves to nothing.
    //!
    //! ## Example
    //! ```json
    //! { "resClass": "rc.saas.service.link", "rtfor": "http://example.com/app/1.0",
    //!   "actParams": { "resource_uid": "offer-basic" } }
    //! ```
    //! where `offer-basic` is an `http://example.com/offer/1.0` resource.
    //!
    //! ## Fix
    //! Set `rtfor` to the linked resource's type, or link the right resource.

    impl LinkTypeMismatch<'_> {
        message: |v| match v {
            Self::TwoValues { inside, beside } => {
                format!("`rtfor` is `{inside}` here but `{beside}` beside `resClass`")
            }
            Self::Target { rtfor, target, actual, .. } => {
                let what = if *target == IDGLOBALS {
                    "the application instance (`idglobals`)".to_string()
                } else {
                    format!("wizard resource `{target}`")
                };
                format!("`rtfor` is `{rtfor}`, but {what} is a `{actual}`")
            }
        },
        help: |v| match v {
            Self::TwoValues { .. } => {
                "keep one `rtfor`, beside `resClass` as the wizard documentation shows".into()
            }
            Self::Target { suggestion, .. } => format!("set `rtfor` to `{suggestion}`"),
        },
    }
}

/// The standard profile types `rtfor` names in the wizard documentation.
const PROFILE_TYPES: &[&str] = &[
    "http://aps-standard.org/types/core/profile/service/1.0",
    "http://aps-standard.org/types/core/profile/reseller/1.0",
];

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let w = cx.w;
    for rt in &w.resource_types {
        if !rt.is_link() {
            continue;
        }
        // Given twice with different values, one of them is wrong whichever the platform reads.
        if let (Some(beside), Some(inside)) = (rt.rtfor, rt.param_str("rtfor")) {
            if beside.value != inside.value {
                let d = cx
                    .diag(
                        &LinkTypeMismatch::TwoValues { inside: inside.value, beside: beside.value },
                        inside.span,
                    )
                    .with_label("a second, different `rtfor`")
                    .with_secondary(cx.file, beside.span, "the documented place");
                cx.report(d);
            }
        }
        let (Some(target), Some(rtfor)) = (rt.param_str("resource_uid"), rt.rtfor()) else {
            continue;
        };
        // The profile's own `type` (the standard profile type it is created as) counts too.
        let declared = w.profile_by_id(target.value).and_then(|p| p.type_).map(|t| t.value);
        if declared.is_some_and(|t| version_compatible(t, rtfor.value)) {
            continue;
        }
        let Some(actual) = cx.type_of_reference(target.value, rtfor.span) else { continue };
        if version_compatible(&actual, rtfor.value) || pkg.implements(&actual, rtfor.value) {
            continue;
        }
        // The documented value is the standard profile type the resource implements.
        let suggestion = PROFILE_TYPES
            .iter()
            .find(|p| pkg.implements(&actual, p))
            .map_or(actual.clone(), |p| p.to_string());
        let v = LinkTypeMismatch::Target {
            rtfor: rtfor.value,
            target: target.value,
            actual: &actual,
            suggestion,
        };
        let d = cx.diag(&v, rtfor.span).with_label("type of the linked resource expected").with_secondary(
            cx.file,
            target.span,
            format!("links to a `{actual}`"),
        );
        cx.report(d);
    }
}

/// A link's `rtfor` that does not fit.
pub(crate) enum LinkTypeMismatch<'a> {
    /// `rtfor` given twice, with different values.
    TwoValues { inside: &'a str, beside: &'a str },
    /// `rtfor` is not the type of the linked resource.
    Target { rtfor: &'a str, target: &'a str, actual: &'a str, suggestion: String },
}
