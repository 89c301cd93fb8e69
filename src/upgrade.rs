//! Bridge to the upgrade rules.

use aps_diag::Diagnostic;
use aps_model::Package;

pub fn upgrade_rules(_old: &Package, _new: &Package) -> Vec<Diagnostic> {
    Vec::new()
}
