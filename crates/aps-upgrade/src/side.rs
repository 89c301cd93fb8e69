//! One side of a comparison: a loaded package with what the diff needs
//! read once (each type's JSON, the wizard data).

use aps_diag::SourceFile;
use aps_json::Value;
use aps_model::{Package, TypeId, TypeSchema};
use std::sync::Arc;

/// Where APS packages keep their wizard data.
pub const WIZARD_DATA: &str = "scripts/wizard_data.json";

/// A package type with its JSON text parsed again: the typed model drops
/// keys it does not know, and a type's definition is all of them.
#[derive(Debug)]
pub struct SideType {
    pub schema: Arc<TypeSchema>,
    pub type_id: Option<TypeId>,
    pub service: Option<String>,
    pub json: Option<Value>,
}

impl SideType {
    pub fn id(&self) -> &str {
        self.schema.id_str()
    }
}

/// The wizard data file of a package, parsed.
#[derive(Debug, Clone)]
pub struct WizardDoc {
    pub file: Arc<SourceFile>,
    pub root: Value,
}

pub struct Side<'p> {
    pub pkg: &'p Package,
    /// Package types (not the standard ones), sorted by id.
    pub types: Vec<SideType>,
    pub wizard: Option<WizardDoc>,
}

impl<'p> Side<'p> {
    /// `wizard`: the wizard data file relative to the package root.
    pub fn new(pkg: &'p Package, wizard: &str) -> Self {
        let mut types: Vec<SideType> = pkg
            .registry
            .package_types()
            .map(|t| SideType {
                schema: t.schema.clone(),
                type_id: t.schema.type_id.clone(),
                service: t.service().map(str::to_string),
                json: schema_json(&t.schema),
            })
            .collect();
        types.sort_by(|a, b| a.id().cmp(b.id()));
        Side { pkg, types, wizard: read_wizard(pkg, wizard) }
    }

    pub fn type_by_id(&self, id: &str) -> Option<&SideType> {
        self.types.binary_search_by(|t| t.id().cmp(id)).ok().map(|i| &self.types[i])
    }
}

/// The JSON value a schema was built from: the file's root, or the array
/// element at the schema's span when a file holds several types.
fn schema_json(schema: &TypeSchema) -> Option<Value> {
    let parsed = aps_json::parse(&schema.file, &aps_json::Options::with_comments());
    let root = parsed.value?;
    if root.span == schema.span {
        return Some(root);
    }
    root.as_array()?.iter().find(|v| v.span == schema.span).cloned()
}

/// The wizard data, when the package has a readable, well-formed file.
/// Problems with it are the wizard checks' business (`lint`), not the diff's.
fn read_wizard(pkg: &Package, rel: &str) -> Option<WizardDoc> {
    if !pkg.source.exists(rel) {
        return None;
    }
    let (file, diags) =
        aps_model::source::read_source_file(pkg.source.as_ref(), rel, aps_json::MAX_SOURCE_BYTES).ok()?;
    if !diags.is_empty() {
        return None;
    }
    let root = aps_json::parse(&file, &aps_json::Options::default()).value?;
    Some(WizardDoc { file, root })
}
