use crate::context::{RESELLER_PROFILE, SERVICE_PROFILE};
use crate::lint::Cx;
use aps_diag::rule;

rule! { PROFILE_TYPE;
    //! ## What it does
    //! Checks the `type` of the wizard resources: every `apsResources[]`
    //! entry is a `http://aps-standard.org/types/core/profile/service/1.0`,
    //! the `resellerProfile` a `http://aps-standard.org/types/core/profile/reseller/1.0`.
    //!
    //! ## Why
    //! The wizard decides from `type` which step offers the resource
    //! (service profiles, reseller profile); any other value is refused.
    //!
    //! ## Example
    //! ```json
    //! { "id": "offer-basic", "type": "http://aps-standard.org/types/core/profile/service/1",
    //!   "apsType": "http://example.com/offer/1.0" }
    //! ```
    //!
    //! ## Fix
    //! Use the standard type id exactly; put the package's own type in `apsType`.

    /// A wizard resource whose `type` is not its standard profile type.
    pub(crate) struct ProfileType<'a> { pub what: &'a str, pub found: &'a str, pub expected: &'a str }
        => format!("{what} has type `{found}`"),
        help: format!("set `\"type\": \"{expected}\"` and put the package's own type in `apsType`");
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    for p in &w.profiles {
        let Some(t) = p.type_ else { continue };
        let (expected, other) = if p.reseller {
            (RESELLER_PROFILE, SERVICE_PROFILE)
        } else {
            (SERVICE_PROFILE, RESELLER_PROFILE)
        };
        if t.value == expected {
            continue;
        }
        let mut d = cx
            .diag(&ProfileType { what: &p.what(), found: t.value, expected }, t.span)
            .with_label(format!("expected `{expected}`"));
        if t.value == other {
            d = d.with_note(if p.reseller {
                "service profiles belong in `apsResources`"
            } else {
                "the reseller profile belongs in `resellerProfile`, not in `apsResources`"
            });
        }
        cx.report(d);
    }
}
