//! Bridge to the wizard data checks.

use aps_diag::{Diagnostic, SourceFile};
use aps_model::Package;
use std::sync::Arc;

/// Check wizard data (against `package` when known).
pub fn lint(file: &Arc<SourceFile>, value: &aps_json::Value, package: Option<&Package>) -> Vec<Diagnostic> {
    aps_wizard::lint_wizard(file, value, package.map(|p| p as &dyn aps_wizard::PackageContext))
}

/// Does this JSON look like wizard data?
pub fn is_wizard(path: &std::path::Path, value: &aps_json::Value) -> bool {
    aps_wizard::is_wizard_file(path, value)
}
