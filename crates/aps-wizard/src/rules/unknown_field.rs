use crate::lint::{suggest, Cx};
use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// With the package known, checks that every key of a wizard resource's
    /// `fields` is a property of its `apsType` (inherited properties count;
    /// `profileName` is always allowed).
    ///
    /// ## Why
    /// The platform creates the resource with these property values; a key
    /// the type does not have is dropped or refused, so the profile comes out
    /// without the setting the provider expected.
    ///
    /// ## Example
    /// ```json
    /// "fields": { "profileName": "Basic", "diskQuota": 10 }
    /// ```
    /// while the type declares `diskquota`.
    ///
    /// ## Fix
    /// Use the property's exact name (the message suggests the closest).
    pub static UNKNOWN_FIELD = {
        code: "WIZ142", name: "unknown-profile-field", group: "wizard",
        severity: Error, summary: "`fields` key is not a property of the resource's type",
    };
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
                    let help = suggest(&m.key, pkg.property_names(t.value))
                        .unwrap_or_else(|| format!("see the properties of `{}`", t.value));
                    let d = cx
                        .diag(
                            &UNKNOWN_FIELD,
                            m.key_span,
                            format!("`{}` is not a property of `{}`", m.key, t.value),
                        )
                        .with_label("no such property")
                        .with_help(help);
                    cx.report(d);
                }
            }
        }
    }
}
