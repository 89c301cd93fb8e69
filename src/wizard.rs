//! Bridge to the wizard data checks.

use aps_diag::{Diagnostic, SourceFile};
use aps_model::Package;
use std::sync::Arc;

/// Check wizard data (against `package` when known).
pub fn lint(
    _file: &Arc<SourceFile>,
    _value: &aps_json::Value,
    _package: Option<&Package>,
) -> Vec<Diagnostic> {
    Vec::new()
}

/// Does this JSON look like wizard data?
pub fn is_wizard(path: &std::path::Path, value: &aps_json::Value) -> bool {
    path.file_name().is_some_and(|n| n == "wizard_data.json")
        || value
            .get("defaults")
            .is_some_and(|d| d.get("resourceTypes").is_some() || d.get("serviceTemplate").is_some())
}
