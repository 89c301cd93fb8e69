use super::{describe, next_major, next_minor};
use crate::report::Change;
use crate::Comparison;
use aps_diag::{rule, Diagnostic, Violation};

rule! { TYPE_CHANGED_IN_PLACE;
    //! Compares every type whose full id (with its version) exists in both packages. Any change to
    //! its definition — a property, relation, operation, structure, `implements` entry or attribute
    //! added, removed or changed, including keys such as `maxLength` — is reported. Not reported:
    //! title and description texts, and a relation pointed at a newer minor version of the same
    //! type (`…/vault/1.0` → `…/vault/1.1`), which APS resolves the old reference to anyway —
    //! refreshing references after re-versioning a type does not force every referring type to
    //! be re-versioned too.
    //!
    //! ## Why
    //! APS types are immutable per id: the controller's type registry already holds the definition
    //! of `…/1.0` from the previous version, and existing resources were created against it. A new
    //! definition under the same id is either ignored or clashes with the registered one, and
    //! resources and other applications that rely on the old definition break.
    //!
    //! ## Example
    //! Both versions declare `http://example.com/backup/vault/1.0`; the new one adds a property:
    //! ```json
    //! { "id": "http://example.com/backup/vault/1.0",
    //!   "properties": { "quota": { "type": "integer" } } }
    //! ```
    //!
    //! ## Fix
    //! Bump the version in the type id: the minor version (`…/1.1`) for compatible changes, the
    //! major version (`…/2.0`) for incompatible ones.

    /// A type whose definition changed under the same id.
    pub(crate) struct TypeChangedInPlace<'a> {
        pub id: &'a str,
        /// Whether some of the changes are incompatible (then a new major version is due).
        pub incompatible: bool,
    } => format!("type `{id}` changed but keeps its id and version"),
        help: if *incompatible {
            format!(
                "types are immutable per id; some changes are incompatible, so publish it as `{}`",
                next_major(id)
            )
        } else {
            format!("types are immutable per id; publish the changed definition as `{}`", next_minor(id))
        };
}

/// How many changes are listed in the notes before "and N more".
const MAX_LISTED: usize = 8;

pub(crate) fn check(cmp: &Comparison<'_>, out: &mut Vec<Diagnostic>) {
    for t in cmp.types.iter().filter(|t| t.change == Change::Changed && !t.neutral_only) {
        let (Some(old), Some(new)) = (t.old_schema(), t.new_schema()) else { continue };
        let (Some(oid), Some(nid)) = (&old.id, &new.id) else { continue };
        let changes: Vec<String> =
            t.members.iter().flat_map(|m| &m.details).filter(|d| !d.neutral).map(describe).collect();
        let mut d = TypeChangedInPlace { id: &t.id, incompatible: t.incompatible }
            .diagnostic()
            .at(&new.file, nid.span)
            .with_label(format!(
                "{} change{} since the previous version",
                changes.len(),
                if changes.len() == 1 { "" } else { "s" }
            ))
            .with_secondary(&old.file, oid.span, "the previous definition");
        for c in changes.iter().take(MAX_LISTED) {
            d = d.with_note(c.clone());
        }
        if changes.len() > MAX_LISTED {
            d = d.with_note(format!("… and {} more (see `aps-pack diff`)", changes.len() - MAX_LISTED));
        }
        out.push(d);
    }
}
