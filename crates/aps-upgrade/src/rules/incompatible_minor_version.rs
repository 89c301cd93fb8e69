use super::next_major;
use crate::report::Change;
use crate::Comparison;
use aps_diag::{rule, Diagnostic, Violation};

rule! { INCOMPATIBLE_MINOR_VERSION;
    //! Compares a type with the previous version's type of the same name and major version when
    //! only the minor version changed (`…/1.0` → `…/1.1`). Reports each incompatible change:
    //! a property, relation, operation or structure (or a structure member, or a member of an
    //! object property) removed or renamed, a property's type changed, an optional property or
    //! relation made required, a relation pointed at another type.
    //!
    //! ## Why
    //! APS treats versions with the same major as compatible: a reference to `…/1.0` resolves to an
    //! installed `…/1.1`, and on upgrade existing resources are moved to the new minor version as
    //! they are. Resources that hold the removed property, lack the now required one or hold a value
    //! of the old type fail on the live platform.
    //!
    //! ## Example
    //! The previous version declares `…/vault/1.0` with a property `quota`; the new one:
    //! ```json
    //! { "id": "http://example.com/backup/vault/1.1", "properties": {} }
    //! ```
    //!
    //! ## Fix
    //! Keep the change compatible (keep the property, keep it optional, add a new one beside it),
    //! or publish the type as a new major version (`…/2.0`).

    /// An incompatible change (`why`) in a type published as a minor version of `old_id`.
    pub(crate) struct IncompatibleMinorVersion<'a> { pub why: &'a str, pub id: &'a str, pub old_id: &'a str } => format!("{why} in `{id}`, a minor version of `{old_id}`"),
        help: format!(
            "resources of `{}` are upgraded to `{}` as they are; keep the change compatible, or publish the type as `{}`",
            old_id,
            id,
            next_major(id)
        );
}

pub(crate) fn check(cmp: &Comparison<'_>, out: &mut Vec<Diagnostic>) {
    for t in cmp.types.iter().filter(|t| t.change == Change::Reversioned && t.same_major == Some(true)) {
        let (Some(old), Some(new)) = (t.old_schema(), t.new_schema()) else { continue };
        let old_id = t.old_id.as_deref().unwrap_or("");
        for detail in t.members.iter().flat_map(|m| &m.details) {
            let Some(why) = &detail.incompatible else { continue };
            let label = if detail.new_at.exact { "changed here" } else { "no longer here" };
            let old_label = if detail.old_at.exact {
                format!("as in `{old_id}`")
            } else {
                format!("absent in `{old_id}`")
            };
            out.push(
                IncompatibleMinorVersion { why, id: &t.id, old_id }
                    .diagnostic()
                    .at(&new.file, detail.new_at.span)
                    .with_label(label)
                    .with_secondary(&old.file, detail.old_at.span, old_label),
            );
        }
    }
}
