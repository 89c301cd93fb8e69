//! Bridge to the upgrade rules (`lint --previous OLD`).

use aps_diag::Diagnostic;
use aps_model::Package;

/// The upgrade-safety findings of going from `old` to `new`.
pub fn upgrade_rules(old: &Package, new: &Package, wizard: Option<&str>) -> Vec<Diagnostic> {
    aps_upgrade::upgrade_rules_with(old, new, &aps_upgrade::Options { wizard })
}
