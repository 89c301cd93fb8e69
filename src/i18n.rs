//! Bridge to the localisation crate: the catalogs a build adds.

use aps_archive::meta::GeneratedFile;
use aps_diag::{Diagnostic, Violation};
use aps_i18n::rules::CatalogCompiled;
use aps_model::PackageSource;

/// The catalogs `build` compiles from the tree's `i18n/*.po` (as the official build does):
/// a generated file for each one that is missing or stale, and an info saying so.
pub fn build_catalogs(source: &dyn PackageSource) -> (Vec<GeneratedFile>, Vec<Diagnostic>) {
    let mut generated = Vec::new();
    let mut diags = Vec::new();
    for c in aps_i18n::compile_package(source) {
        if !c.needs_writing() {
            continue;
        }
        let (po, json) = (c.po_path.as_str(), c.json_path.as_str());
        let v = match c.existing {
            Some(_) => CatalogCompiled::Replaced { po, json },
            None => CatalogCompiled::Compiled { po, json },
        };
        diags.push(v.diagnostic().at_path(source.display_path(po)));
        generated.push(GeneratedFile { service_id: String::new(), name: c.json_path, bytes: c.bytes });
    }
    (generated, diags)
}
