//! Wizard data (`scripts/wizard_data.json`, the OSS product initialization
//! wizard's deployment configuration): structural check against the
//! published JSON Schema, semantic rules (`WIZ*`) standalone and against the
//! package, and resolution of the references into a graph (`resolve`).
//!
//! Entry points:
//! - [`is_wizard_file`]: does a JSON file look like wizard data;
//! - [`lint_wizard`]: every finding for one parsed file, with the package
//!   (anything implementing [`PackageContext`]) when it is known;
//! - [`resolve()`]: the reference graph, rendered by [`Graph::to_json`],
//!   [`Graph::to_dot`], [`Graph::to_text`];
//! - [`instantiate`]: the wizard data with placeholders substituted.

mod bind;
mod classes;
mod context;
mod lint;
mod memory;
mod model;
mod numbers;
mod resolve;
pub mod rules;
mod schema;
mod wizard;

pub use bind::{instantiate, BindError, Bindings, Instantiated};
pub use classes::{class_for_unit, ClassKind, UnitFamily};
pub use context::{
    split_type_id, version_compatible, CounterKind, PackageContext, Property, Relation, RootType,
    ServiceType, CORE_APPLICATION, INIT_WIZARD, INIT_WIZARD_OPERATIONS, RESELLER_PROFILE, SERVICE_PROFILE,
};
pub use memory::{DescriptionError, MemoryPackage, TypeDef};
pub use resolve::{resolve, Edge, Graph, Node, Reference, ReferenceKind, Status};
pub use schema::SCHEMA_TEXT;
pub use wizard::{IDGLOBALS, IDOAID};

use aps_diag::{Diagnostic, SourceFile};
use std::path::Path;
use std::sync::Arc;

/// The conventional file name of wizard data.
pub const WIZARD_FILE_NAME: &str = "wizard_data.json";

/// Whether a JSON file is wizard data: named `wizard_data.json`, or a
/// top-level object whose `defaults` has `resourceTypes` or `serviceTemplate`.
pub fn is_wizard_file(path: &Path, value: &aps_json::Value) -> bool {
    if path.file_name().is_some_and(|n| n == WIZARD_FILE_NAME) {
        return true;
    }
    value
        .get("defaults")
        .and_then(aps_json::Value::as_object)
        .is_some_and(|d| d.get("resourceTypes").is_some() || d.get("serviceTemplate").is_some())
}

/// Every finding for one wizard file: the structural check, then the
/// semantic rules; the package-context rules run when `package` is given.
///
/// Parse errors (malformed JSON, duplicate keys) are the parser's
/// diagnostics: callers report those and pass the parsed value here.
pub fn lint_wizard(
    file: &Arc<SourceFile>,
    value: &aps_json::Value,
    package: Option<&dyn PackageContext>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    schema::check(file, value, &mut diags);
    let w = wizard::Wizard::new(value);
    let mut cx = lint::Cx::new(file, &w, package);
    rules::run_all(&mut cx);
    diags.extend(cx.finish());
    diags
}
