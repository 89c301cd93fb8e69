//! The upgrade rules, one file per rule. Each rule's doc comment is its
//! documentation (`aps-pack explain CODE`, `docs/rules.md`).

use crate::report::Detail;
use crate::Comparison;
use aps_diag::Diagnostic;
use aps_model::TypeId;

pub(crate) mod application_id_changed;
pub(crate) mod incompatible_minor_version;
pub(crate) mod reference_to_older_minor;
pub(crate) mod removed_without_replacement;
pub(crate) mod type_changed_in_place;
pub(crate) mod upgrade_match_excludes_previous;
pub(crate) mod version_not_greater;
pub(crate) mod wizard_resource_type_changed;

pub use application_id_changed::APPLICATION_ID_CHANGED;
pub use incompatible_minor_version::INCOMPATIBLE_MINOR_VERSION;
pub use reference_to_older_minor::REFERENCE_TO_OLDER_MINOR;
pub use removed_without_replacement::REMOVED_WITHOUT_REPLACEMENT;
pub use type_changed_in_place::TYPE_CHANGED_IN_PLACE;
pub use upgrade_match_excludes_previous::UPGRADE_MATCH_EXCLUDES_PREVIOUS;
pub use version_not_greater::VERSION_NOT_GREATER;
pub use wizard_resource_type_changed::WIZARD_RESOURCE_TYPE_CHANGED;

/// Every rule of this crate, by code.
pub static ALL: &[&aps_diag::Rule] = &[
    &APPLICATION_ID_CHANGED,
    &VERSION_NOT_GREATER,
    &UPGRADE_MATCH_EXCLUDES_PREVIOUS,
    &TYPE_CHANGED_IN_PLACE,
    &INCOMPATIBLE_MINOR_VERSION,
    &REMOVED_WITHOUT_REPLACEMENT,
    &REFERENCE_TO_OLDER_MINOR,
    &WIZARD_RESOURCE_TYPE_CHANGED,
];

/// Run every rule on a comparison.
pub(crate) fn run(cmp: &Comparison<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    application_id_changed::check(cmp, &mut out);
    version_not_greater::check(cmp, &mut out);
    upgrade_match_excludes_previous::check(cmp, &mut out);
    type_changed_in_place::check(cmp, &mut out);
    incompatible_minor_version::check(cmp, &mut out);
    removed_without_replacement::check(cmp, &mut out);
    reference_to_older_minor::check(cmp, &mut out);
    wizard_resource_type_changed::check(cmp, &mut out);
    out
}

/// A one-line account of a detail: its incompatibility if it has one,
/// else what happened at its pointer.
pub(crate) fn describe(d: &Detail) -> String {
    if let Some(why) = &d.incompatible {
        return why.clone();
    }
    let show = |v: &serde_json::Value| {
        let s = match v {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        shorten(&s, 60)
    };
    match (&d.old, &d.new) {
        (None, Some(n)) => format!("`{}` added ({})", d.pointer, show(n)),
        (Some(_), None) => format!("`{}` removed", d.pointer),
        (Some(o), Some(n)) => format!("`{}` changed from `{}` to `{}`", d.pointer, show(o), show(n)),
        (None, None) => format!("`{}` changed", d.pointer),
    }
}

/// At most `max` characters, with `…` when cut.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// `…/2.0` for `…/1.3`.
pub(crate) fn next_major(id: &str) -> String {
    match TypeId::parse(id) {
        Some(t) => format!("{}/{}.0", t.base, t.major.saturating_add(1)),
        None => format!("{id} with a new major version"),
    }
}

/// `…/1.4` for `…/1.3`.
pub(crate) fn next_minor(id: &str) -> String {
    match TypeId::parse(id) {
        Some(t) => format!("{}/{}.{}", t.base, t.major, t.minor.saturating_add(1)),
        None => format!("{id} with a new minor version"),
    }
}
