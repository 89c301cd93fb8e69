//! The standard APS types embedded in the binary (`schemas/aps-types/`).
//!
//! `standard-types.json` is extracted from a live controller's type registry
//! dump (`fixtures/reference/aps-type-registry-dump-2014.json`) by
//! [`extract_standard_types`]; a test regenerates it and fails when the
//! committed file differs. `aps-pack-types.json` holds aps-pack's own
//! definitions of types the dump lacks.

use crate::registry::{TypeOrigin, TypeRegistry};
use crate::schema::schema_from_value;
use aps_diag::SourceFile;
use std::sync::{Arc, OnceLock};

/// The standard types extracted from the registry dump.
pub const STANDARD_TYPES_JSON: &str = include_str!("../../../schemas/aps-types/standard-types.json");
/// aps-pack's own definitions (init-wizard interface, profile marker types).
pub const APS_PACK_TYPES_JSON: &str = include_str!("../../../schemas/aps-types/aps-pack-types.json");

/// Display paths of the embedded files, as in the source repository.
pub const STANDARD_TYPES_PATH: &str = "schemas/aps-types/standard-types.json";
pub const APS_PACK_TYPES_PATH: &str = "schemas/aps-types/aps-pack-types.json";

/// The registry of embedded types, built once per process.
pub fn standard_registry() -> &'static TypeRegistry {
    static REGISTRY: OnceLock<TypeRegistry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut reg = TypeRegistry::new();
        for (path, text) in
            [(STANDARD_TYPES_PATH, STANDARD_TYPES_JSON), (APS_PACK_TYPES_PATH, APS_PACK_TYPES_JSON)]
        {
            let file = SourceFile::new(path, text);
            let parsed = aps_json::parse(&file, &aps_json::Options::default());
            let mut diags = parsed.diagnostics;
            for value in parsed.value.as_ref().and_then(|v| v.as_array()).unwrap_or(&[]) {
                if let Some(schema) = schema_from_value(&file, value, &mut diags) {
                    // Embedded data is checked by tests; a failure here would be a build defect.
                    let _ = reg.add(Arc::new(schema), TypeOrigin::Standard);
                }
            }
            debug_assert!(diags.is_empty(), "embedded types have problems: {diags:?}");
        }
        reg
    })
}

/// Ids of the embedded types, sorted.
pub fn standard_type_ids() -> Vec<&'static str> {
    let mut ids: Vec<&str> = standard_registry().iter().map(|t| t.id()).collect();
    ids.sort_unstable();
    ids
}

/// Why a controller's type dump cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("dump is not JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    #[error("dump is not a JSON array of types")]
    NotArray,
}

/// Extract the standard types (`http://aps-standard.org/types/…`) from a
/// controller's `/aps/2/types` dump: sorted by id, without the
/// controller-local `aps` member, pretty-printed with a final newline.
pub fn extract_standard_types(dump_json: &str) -> Result<String, DumpError> {
    let dump: serde_json::Value = serde_json::from_str(dump_json).map_err(DumpError::NotJson)?;
    let items = dump.as_array().ok_or(DumpError::NotArray)?;
    let mut types: Vec<serde_json::Value> = items
        .iter()
        .filter(|t| {
            t.get("id")
                .and_then(|i| i.as_str())
                .is_some_and(|id| id.starts_with(crate::typeid::STANDARD_PREFIX))
        })
        .cloned()
        .collect();
    for t in &mut types {
        if let Some(o) = t.as_object_mut() {
            o.remove("aps");
        }
    }
    types.sort_by(|a, b| {
        let id = |v: &serde_json::Value| v.get("id").and_then(|i| i.as_str()).unwrap_or("").to_string();
        id(a).cmp(&id(b))
    });
    let mut out = serde_json::to_string_pretty(&types).map_err(DumpError::NotJson)?;
    out.push('\n');
    Ok(out)
}
