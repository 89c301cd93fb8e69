use crate::context::{RESELLER_PROFILE, SERVICE_PROFILE};
use crate::lint::{suggest, Cx};
use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// With the package known, checks the `apsType` of each wizard resource:
    /// it must be a type the package defines, and that type must implement
    /// `core/profile/service/1.0` (for `apsResources[]`) or
    /// `core/profile/reseller/1.0` (for `resellerProfile`).
    ///
    /// ## Why
    /// The wizard creates the resource as an instance of `apsType`. A type
    /// the package does not define cannot be instantiated; one that does not
    /// implement the profile type is not offered in the wizard's profile step.
    ///
    /// ## Example
    /// ```json
    /// { "id": "offer-basic", "type": "http://aps-standard.org/types/core/profile/service/1.0",
    ///   "apsType": "http://example.com/offers/1.0" }
    /// ```
    /// while the package defines `http://example.com/offer/1.0`.
    ///
    /// ## Fix
    /// Use the id of the package's profile type (the message suggests the
    /// closest), and make that type implement the profile type.
    pub static UNKNOWN_APS_TYPE = {
        code: "WIZ141", name: "unknown-aps-type", group: "wizard",
        severity: Error, summary: "`apsType` is not a profile type of the package",
    };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let w = cx.w;
    if w.profiles.is_empty() {
        return;
    }
    let package_types: std::collections::HashSet<String> = pkg.package_type_ids().into_iter().collect();
    for p in &w.profiles {
        let Some(t) = p.aps_type else { continue };
        let profile = if p.reseller { RESELLER_PROFILE } else { SERVICE_PROFILE };
        if !package_types.contains(t.value) {
            if cx.maybe_php_type(t.span) {
                continue;
            }
            let help = suggest(t.value, &package_types).unwrap_or_else(|| {
                let profiles: Vec<String> = package_types
                    .iter()
                    .filter(|id| pkg.implements(id, profile))
                    .map(|id| format!("`{id}`"))
                    .collect();
                if profiles.is_empty() {
                    format!("the package defines no type implementing `{profile}`")
                } else {
                    format!("types of the package implementing it: {}", profiles.join(", "))
                }
            });
            let d = cx
                .diag(
                    &UNKNOWN_APS_TYPE,
                    t.span,
                    format!("{} has `apsType` `{}`, which the package does not define", p.what(), t.value),
                )
                .with_label("not a type of this package")
                .with_help(help);
            cx.report(d);
        } else if !pkg.implements(t.value, profile) {
            let d = cx
                .diag(&UNKNOWN_APS_TYPE, t.span, format!("type `{}` does not implement `{profile}`", t.value))
                .with_label("not a profile type")
                .with_help(format!("add `{profile}` to the type's `implements`"));
            cx.report(d);
        }
    }
}
