//! Bridge to the localisation crate: the catalogs a build adds.

use aps_archive::meta::GeneratedFile;
use aps_diag::Diagnostic;
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
        let message = match c.existing {
            Some(_) => {
                format!("replaced the stale {} with the catalog compiled from {}", c.json_path, c.po_path)
            }
            None => format!("compiled {} from {}", c.json_path, c.po_path),
        };
        diags.push(
            Diagnostic::new(&aps_i18n::rules::CATALOG_COMPILED, message)
                .at_path(source.display_path(&c.po_path))
                .with_help(
                    "commit the catalog (`aps-pack i18n compile`) to keep the tree and the archive alike",
                ),
        );
        generated.push(GeneratedFile { service_id: String::new(), name: c.json_path, bytes: c.bytes });
    }
    (generated, diags)
}
