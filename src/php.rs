//! Bridge to the PHP annotation reader: types of services declared in PHP.

use aps_diag::Diagnostic;
use aps_model::Package;

/// Add generated types for services with PHP code and no schema file.
pub fn add_generated_types(pkg: &mut Package) -> Vec<Diagnostic> {
    aps_php::add_generated_types(pkg).1
}
