use crate::lint::{suggest, Cx};
use aps_diag::rule;

rule! { UNKNOWN_FIELD;
    //! ## What it does
    //! With the package known, checks that every key of a wizard resource's
    //! `fields` is a property of its `apsType` (inherited properties count;
    //! `profileName` is always allowed).
    //!
    //! ## Why
    //! The platform creates the resource with these property values; a key
    //! the type does not have is dropped or refused, so the profile comes out
    //! without the setting the provider expected.
    //!
    //! ## Example
    //! ```json
    //! "fields": { "profileName": "Basic", "diskQuota": 10 }
    //! ```
    //! while the type declares `diskquota`.
    //!
    //! ## Fix
    //! Use the property's exact name (the message suggests the closest).

    /// A wizard resource field that is no property of its `apsType`.
    pub(crate) struct UnknownField<'a> {
        pub key: &'a str,
        pub aps_type: &'a str,
        /// `did you mean …?`, when a property is close.
        pub suggestion: Option<String>,
    } => format!("`{key}` is not a property of `{aps_type}`"),
        help: suggestion.clone().unwrap_or_else(|| format!("see the properties of `{aps_type}`"));
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let Some(pkg) = cx.pkg else { return };
    let w = cx.w;
    for p in &w.profiles {
        let (Some(t), Some(fields)) = (p.aps_type, p.fields) else { continue };
        if !pkg.has_type(t.value) {
            continue;
        }
        for m in fields.iter() {
            match pkg.property(t.value, &m.key) {
                Some(prop) => super::field_type::check_value(cx, p, &prop, m),
                None if m.key == "profileName" => {}
                None => {
                    let v = UnknownField {
                        key: &m.key,
                        aps_type: t.value,
                        suggestion: suggest(&m.key, pkg.property_names(t.value)),
                    };
                    cx.report_at(&v, m.key_span, "no such property");
                }
            }
        }
    }
}
