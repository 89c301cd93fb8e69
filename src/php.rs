//! Bridge to the PHP annotation reader: types of services declared in PHP.

use aps_diag::Diagnostic;
use aps_model::Package;

/// Add generated types for services with PHP code and no schema file; returns the
/// schemas generated (to point findings about them at their PHP) and the findings.
pub fn add_generated_types(pkg: &mut Package) -> (Vec<aps_php::GeneratedSchema>, Vec<Diagnostic>) {
    aps_php::add_generated_types(pkg)
}
