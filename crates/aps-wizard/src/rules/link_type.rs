use crate::classes::{self, ClassKind};
use crate::context::version_compatible;
use crate::lint::Cx;
use crate::wizard::IDGLOBALS;
use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// With the package known, checks that the `rtfor` of a link resource
    /// type (`rc.saas.service.link`, `rc.saas.countedlenk`) names a type the
    /// linked resource has: the root type for `idglobals`, the `apsType` of a
    /// wizard resource (or a type it implements).
    ///
    /// ## Why
    /// The platform looks for the linked resource by type; when `rtfor` and
    /// the resource's type disagree the link resolves to nothing.
    ///
    /// ## Example
    /// ```json
    /// { "resClass": "rc.saas.service.link",
    ///   "actParams": { "resource_uid": "offer-basic", "rtfor": "http://example.com/app/1.0" } }
    /// ```
    /// where `offer-basic` is an `http://example.com/offer/1.0` resource.
    ///
    /// ## Fix
    /// Set `rtfor` to the linked resource's type, or link the right resource.
    pub static LINK_TYPE_MISMATCH = {
        code: "WIZ116", name: "link-type-mismatch", group: "wizard",
        severity: Error, summary: "`rtfor` does not match the linked resource's type",
    };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let w = cx.w;
    for rt in &w.resource_types {
        let is_link = rt
            .class_name()
            .and_then(classes::class)
            .is_some_and(|c| matches!(c.kind, ClassKind::Link | ClassKind::CountedLink));
        if !is_link {
            continue;
        }
        let (Some(target), Some(rtfor)) = (rt.param_str("resource_uid"), rt.param_str("rtfor")) else {
            continue;
        };
        let Some(actual) = cx.type_of_reference(target.value, rtfor.span) else { continue };
        if version_compatible(&actual, rtfor.value) || pkg.implements(&actual, rtfor.value) {
            continue;
        }
        let what = if target.value == IDGLOBALS {
            "the application instance (`idglobals`)".to_string()
        } else {
            format!("wizard resource `{}`", target.value)
        };
        let d = cx
            .diag(
                &LINK_TYPE_MISMATCH,
                rtfor.span,
                format!("`rtfor` is `{}`, but {what} is a `{actual}`", rtfor.value),
            )
            .with_label("type of the linked resource expected")
            .with_secondary(cx.file, target.span, format!("links to a `{actual}`"))
            .with_help(format!("set `rtfor` to `{actual}`"));
        cx.report(d);
    }
}
