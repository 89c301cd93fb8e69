use crate::context::{RESELLER_PROFILE, SERVICE_PROFILE};
use crate::lint::{quote_all, suggest, Cx};
use aps_diag::rule;

rule! { UNKNOWN_APS_TYPE;
    //! ## What it does
    //! With the package known, checks the `apsType` of each wizard resource:
    //! it must be a type the package defines, and that type must implement
    //! `core/profile/service/1.0` (for `apsResources[]`) or
    //! `core/profile/reseller/1.0` (for `resellerProfile`).
    //!
    //! ## Why
    //! The wizard creates the resource as an instance of `apsType`. A type
    //! the package does not define cannot be instantiated; one that does not
    //! implement the profile type is not offered in the wizard's profile step.
    //!
    //! ## Example
    //! ```json
    //! { "id": "offer-basic", "type": "http://aps-standard.org/types/core/profile/service/1.0",
    //!   "apsType": "http://example.com/offers/1.0" }
    //! ```
    //! while the package defines `http://example.com/offer/1.0`.
    //!
    //! ## Fix
    //! Use the id of the package's profile type (the message suggests the
    //! closest), and make that type implement the profile type.

    /// A wizard resource's `apsType` that is not a profile type of the package.
    pub(crate) enum UnknownApsType<'a> {
        /// The package does not define the type.
        /// The profile type the resource needs.
        /// `did you mean …?`, when a type is close.
        /// Otherwise, the package's types implementing the profile.
        NotDefined { what: &'a str, aps_type: &'a str, profile: &'a str, suggestion: Option<String>, implementing: &'a [&'a str] }
            => format!("{what} has `apsType` `{aps_type}`, which the package does not define"),
            help: suggestion.clone().unwrap_or_else(|| {
                if implementing.is_empty() {
                    format!("the package defines no type implementing `{profile}`")
                } else {
                    format!("types of the package implementing it: {}", quote_all(implementing))
                }
            });
        /// The type does not implement the profile type.
        NotProfile { aps_type: &'a str, profile: &'a str }
            => format!("type `{aps_type}` does not implement `{profile}`"),
            help: format!("add `{profile}` to the type's `implements`");
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let w = cx.w;
    if w.profiles.is_empty() {
        return;
    }
    // Ordered, so the help lists the types and a tie between suggestions falls the same way every run.
    let package_types: std::collections::BTreeSet<String> = pkg.package_type_ids().into_iter().collect();
    for p in &w.profiles {
        let Some(t) = p.aps_type else { continue };
        let profile = if p.reseller { RESELLER_PROFILE } else { SERVICE_PROFILE };
        if !package_types.contains(t.value) {
            if cx.maybe_php_type(t.span) {
                continue;
            }
            let suggestion = suggest(t.value, &package_types);
            let implementing: Vec<&str> = match suggestion {
                Some(_) => Vec::new(),
                None => package_types
                    .iter()
                    .filter(|id| pkg.implements(id, profile))
                    .map(|id| id.as_str())
                    .collect(),
            };
            let v = UnknownApsType::NotDefined {
                what: &p.what(),
                aps_type: t.value,
                profile,
                suggestion,
                implementing: &implementing,
            };
            cx.report_at(&v, t.span, "not a type of this package");
        } else if !pkg.implements(t.value, profile) {
            cx.report_at(
                &UnknownApsType::NotProfile { aps_type: t.value, profile },
                t.span,
                "not a profile type",
            );
        }
    }
}
