//! The upgrade rules.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

use crate::report::Detail;
use crate::Comparison;
use aps_diag::Diagnostic;
use aps_model::TypeId;

aps_diag::rules! {
    "UPG001" "application-id-changed" upgrade Error application_id_changed::APPLICATION_ID_CHANGED
        "the new version has another application `<id>`: it is not an upgrade";
    "UPG002" "version-not-greater" upgrade Error version_not_greater::VERSION_NOT_GREATER
        "the new version/release is not greater than the previous one";
    "UPG003" "upgrade-match-excludes-previous" upgrade Error upgrade_match_excludes_previous::UPGRADE_MATCH_EXCLUDES_PREVIOUS
        "`<upgrade match>` (or `<patch match>`) does not match the previous version";
    "UPG004" "type-changed-in-place" upgrade Error type_changed_in_place::TYPE_CHANGED_IN_PLACE
        "a type keeps its id (with version) but its definition changed";
    "UPG005" "incompatible-minor-version" upgrade Error incompatible_minor_version::INCOMPATIBLE_MINOR_VERSION
        "an incompatible change in a new minor version of a type (needs a new major version)";
    "UPG006" "removed-without-replacement" upgrade Warning removed_without_replacement::REMOVED_WITHOUT_REPLACEMENT
        "a service, type or property of the previous version is removed entirely";
    "UPG007" "reference-to-older-minor" upgrade Info reference_to_older_minor::REFERENCE_TO_OLDER_MINOR
        "a relation or navigation variable points at an older minor version of a package type";
    "UPG008" "wizard-resource-type-changed" upgrade Warning wizard_resource_type_changed::WIZARD_RESOURCE_TYPE_CHANGED
        "a wizard resource type keeps its id but changes its resClass or target";
}

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
