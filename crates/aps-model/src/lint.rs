//! Running the rules: over a loaded package, a lone APP-META.xml, or a lone schema file.

use crate::meta::{parse_app_meta, AppMeta};
use crate::package::{load_package, Package};
use crate::schema::{parse_type_schema, TypeSchema};
use crate::source::PackageSource;
use aps_diag::{Diagnostic, SourceFile};
use std::sync::Arc;

/// What a rule check sees.
pub(crate) struct Cx<'a> {
    pub meta: &'a AppMeta,
}

impl<'a> Cx<'a> {
    pub fn file(&self) -> &'a Arc<SourceFile> {
        &self.meta.file
    }
}

/// The checks of APP-META.xml alone, in the order they report.
const META_CHECKS: [fn(&Cx<'_>, &mut Vec<Diagnostic>); 7] = {
    use crate::rules::*;
    [
        missing_required_element::check,
        empty_element::check,
        invalid_version::check,
        duplicate_service_id::check,
        invalid_service_id::check,
        license_file_is_url::check,
        path_escapes_package::check,
    ]
};

fn meta_checks(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    for check in META_CHECKS {
        check(cx, out);
    }
}

fn package_checks(cx: &Cx<'_>, pkg: &Package, out: &mut Vec<Diagnostic>) {
    use crate::rules::*;
    file_not_found::check(cx, pkg, out);
    missing_schema::check(pkg, out);
    types_from_php::check(pkg, out);
    unknown_type::check(pkg, out);
    implements_cycle::check(pkg, out);
    no_root_type::check(pkg, out);
    multiple_root_types::check(pkg, out);
    for info in &pkg.services {
        if let Some(schema) = info.schema() {
            schema_checks(schema, &pkg.registry, out);
        }
    }
}

/// Checks of one schema on its own (names, property types).
pub(crate) fn schema_checks(schema: &TypeSchema, registry: &crate::TypeRegistry, out: &mut Vec<Diagnostic>) {
    use crate::rules::*;
    invalid_name::check(schema, out);
    unknown_property_type::check(schema, registry, out);
}

/// Lint a loaded package: every APP-META.xml, package and type rule.
/// Problems found while loading are returned by [`crate::load_package`].
pub fn lint_package(pkg: &Package) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let cx = Cx { meta: &pkg.meta };
    meta_checks(&cx, &mut out);
    package_checks(&cx, pkg, &mut out);
    aps_diag::sort_diagnostics(&mut out);
    out
}

/// Load and lint a package: the load problems and the rule findings, sorted.
pub fn lint_source(source: Arc<dyn PackageSource>) -> Vec<Diagnostic> {
    let (pkg, mut diags) = load_package(source);
    if let Some(pkg) = &pkg {
        diags.extend(lint_package(pkg));
    }
    aps_diag::sort_diagnostics(&mut diags);
    diags
}

/// Lint an APP-META.xml on its own (no package: file references and types are not checked).
pub fn lint_app_meta(file: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let (meta, mut out) = parse_app_meta(file);
    if let Some(meta) = &meta {
        let cx = Cx { meta };
        meta_checks(&cx, &mut out);
    }
    aps_diag::sort_diagnostics(&mut out);
    out
}

/// Lint a type schema on its own, against the standard types.
pub fn lint_schema_file(file: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let (schema, mut out) = parse_type_schema(file);
    if let Some(schema) = schema {
        let mut registry = crate::TypeRegistry::with_standard_types();
        let schema = Arc::new(schema);
        if let Err(d) = registry.add(schema.clone(), crate::TypeOrigin::Package { service: None }) {
            out.push(*d);
        }
        schema_checks(&schema, &registry, &mut out);
        crate::rules::unknown_type::check_schema_refs(&schema, &registry, None, &mut out);
        out.extend(registry.check());
    }
    aps_diag::sort_diagnostics(&mut out);
    out
}
