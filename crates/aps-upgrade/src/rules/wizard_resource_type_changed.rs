use crate::wizard::{resource_types, value_text, TARGET_PARAMS};
use crate::Comparison;
use aps_diag::{rule, Diagnostic, Violation};

rule! { WIZARD_RESOURCE_TYPE_CHANGED;
    //! Compares the wizard data's resource types (`defaults.resourceTypes[]` of
    //! `scripts/wizard_data.json`) by `id`, and reports one that keeps its id while its `resClass`
    //! or its target changes: `actParams.service_id`, `resource_id`, `resource_uid` or `app_id`.
    //!
    //! ## Why
    //! Providers' service templates and subscriptions refer to resource types created from the
    //! wizard data of the version they installed. A resource type that keeps its id but now has
    //! another class or provisions another service or counter silently changes what existing
    //! subscriptions get, or is not re-created at all.
    //!
    //! ## Example
    //! ```json
    //! { "id": -500002, "resClass": "rc.saas.service.link",
    //!   "actParams": { "resource_uid": "idglobals" } }
    //! ```
    //! where the previous version had `"resClass": "rc.saas.service"` for `-500002`.
    //!
    //! ## Fix
    //! Give the changed resource type a new id (keep the old entry if existing subscriptions still
    //! need it), or keep its class and target.

    impl WizardResourceTypeChanged<'_> {
        message: |Self { id, name, field, old, new }| format!("resource type {id}{name} changes `{field}` from {old} to {new} but keeps its id"),
        help: |Self { id, field, .. }| format!(
            "subscriptions already use resource type {id}; give the changed one a new id (and keep {id} if they still need it), or keep its `{field}`"
        ),
    }
}

/// A wizard resource type whose class or target changed under the same id.
pub(crate) struct WizardResourceTypeChanged<'a> {
    pub id: i64,
    /// ` (`name`)`, or empty.
    pub name: &'a str,
    pub field: &'a str,
    /// The values as shown: `` `value` `` or `nothing`.
    pub old: &'a str,
    pub new: &'a str,
}

pub(crate) fn check(cmp: &Comparison<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(old), Some(new)) = (&cmp.old.wizard, &cmp.new.wizard) else { return };
    let old_rt = resource_types(old);
    for (id, n) in resource_types(new) {
        let Some(o) = old_rt.get(&id) else { continue };
        let fields = std::iter::once("resClass".to_string())
            .chain(TARGET_PARAMS.iter().map(|k| format!("actParams.{k}")));
        for field in fields {
            let (om, nm) = (o.member(&field), n.member(&field));
            let (ov, nv) = (
                om.map(|m| &m.value).filter(|v| !v.is_null()),
                nm.map(|m| &m.value).filter(|v| !v.is_null()),
            );
            let differs = match (ov, nv) {
                (Some(a), Some(b)) => a.to_serde() != b.to_serde(),
                (None, None) => false,
                _ => true,
            };
            if !differs {
                continue;
            }
            let show = |v: Option<&aps_json::Value>| {
                v.map_or_else(|| "nothing".to_string(), |v| format!("`{}`", value_text(v)))
            };
            let name = n.str_field("name").map(|s| format!(" (`{s}`)")).unwrap_or_default();
            let mut d =
                WizardResourceTypeChanged { id, name: &name, field: &field, old: &show(ov), new: &show(nv) }
                    .diagnostic();
            d = match nv {
                Some(v) => d.at(&new.file, v.span).with_label(format!("was {}", show(ov))),
                None => d.at(&new.file, n.id_span).with_label(format!("no `{field}` any more")),
            };
            d = match ov {
                Some(v) => d.with_secondary(&old.file, v.span, "in the previous version"),
                None => d.with_secondary(&old.file, o.id_span, "in the previous version"),
            };
            out.push(d);
        }
    }
}
