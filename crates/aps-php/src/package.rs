//! Generation for a whole package: which services get a generated schema,
//! where it goes, and adding the generated types to a loaded [`Package`] so
//! lint, wizard validation and resolve see them.

use crate::rules;
use crate::schema::{generate, Generation};
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use aps_model::source::read_source_file;
use aps_model::{AppMeta, Package, PackageSource, Service, ServiceType, TypeRegistry};
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// A schema generated for a service.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedSchema {
    pub service_id: String,
    /// Where it belongs in the package: the service's `<schema path>` when
    /// that names a `.schema.gen` file, else `schemas/<service>.schema.gen`.
    pub path: String,
    /// The file's content, as `aps build` writes it.
    pub text: String,
    /// The PHP script it is generated from (`<code path>`, package-relative).
    pub source_file: String,
    /// The type id of the generated schema.
    pub type_id: String,
    /// Where its parts come from in PHP (see [`crate::schema::Origin`]).
    pub origins: Vec<crate::schema::Origin>,
}

/// Point findings about generated schemas at the PHP they were generated from.
///
/// A generated `.schema.gen` is rewritten by every build, so the place to fix it is
/// the annotation in the script: each finding located in a generated schema (shown
/// as `display_of(path)`) moves to the PHP of the innermost part it is about, and
/// keeps a note naming the generated file.
pub fn point_at_php(
    diags: &mut [Diagnostic],
    generated: &[GeneratedSchema],
    display_of: &dyn Fn(&str) -> String,
) {
    if generated.is_empty() {
        return;
    }
    for g in generated {
        let shown = display_of(&g.path);
        let mine = |d: &Diagnostic| d.file.as_ref().is_some_and(|f| f.path() == shown);
        if !diags.iter().any(mine) {
            continue;
        }
        // Spans of the schema's parts in the generated text.
        let file = Arc::new(SourceFile::new(shown.clone(), g.text.clone()));
        let parsed = aps_json::parse(&file, &aps_json::Options { comments: true, ..Default::default() });
        let Some(root) = parsed.value else { continue };
        let parts: Vec<(Span, &crate::schema::Origin)> = g
            .origins
            .iter()
            .filter_map(|o| {
                let v = root.pointer(&o.pointer)?;
                let key = root.key_span(&o.pointer);
                let start = key.map_or(v.span.start, |k| k.start.min(v.span.start));
                Some((Span::new(start, v.span.end), o))
            })
            .collect();
        for d in diags.iter_mut().filter(|d| mine(d)) {
            let at = d.span.map_or(0, |s| s.start);
            let best = parts
                .iter()
                .filter(|(span, _)| span.start <= at && at <= span.end)
                .min_by_key(|(span, _)| span.end - span.start);
            let Some((_, origin)) = best else { continue };
            d.file = Some(origin.file.clone());
            d.span = Some(origin.span);
            d.labels.clear();
            d.notes
                .push(format!("found in `{}`, which the build generates from `{}`", g.path, g.source_file));
        }
    }
}

/// Does this service get its schema generated from PHP? Yes when its code
/// is PHP and it has no `<schema>`, or a `<schema>` naming a `.schema.gen`
/// file (generated files are regenerated; a hand-written `.schema` or
/// `.json` is the author's and wins).
pub fn is_generated_service(service: &Service) -> bool {
    let has_code_path = service.code.as_ref().and_then(|c| c.path.as_ref()).is_some();
    service.is_php()
        && has_code_path
        && service.schema.as_ref().is_none_or(|p| p.value.trim().ends_with(".schema.gen"))
}

/// The package-relative path of a service's generated schema.
pub fn generated_schema_path(service: &Service) -> String {
    match &service.schema {
        Some(p) if p.value.trim().ends_with(".schema.gen") => p.value.trim().to_string(),
        _ => format!("schemas/{}.schema.gen", service.id_str()),
    }
}

/// Generate the schema of every service of `meta` whose type comes from PHP
/// annotations (see [`is_generated_service`]), with the diagnostics of the
/// scripts read. Links are checked against the standard types, the
/// package's other schema files and the generated types.
pub fn generate_for_package(
    source: &dyn PackageSource,
    meta: &AppMeta,
) -> (Vec<GeneratedSchema>, Vec<Diagnostic>) {
    let mut registry = TypeRegistry::with_standard_types();
    let mut diags = Vec::new();
    // Hand-written schemas of other services count as known types.
    for svc in &meta.services {
        if is_generated_service(svc) {
            continue;
        }
        if let Some(path) = svc.schema.as_ref().map(|p| p.value.trim().to_string()) {
            if aps_model::source::is_safe_relative_path(&path) && source.exists(&path) {
                if let Ok((file, _)) = read_source_file(source, &path, aps_json::MAX_SOURCE_BYTES) {
                    if let (Some(s), _) = aps_model::parse_type_schema(&file) {
                        let _ = registry.add(Arc::new(s), aps_model::TypeOrigin::Package { service: None });
                    }
                }
            }
        }
    }
    let services: Vec<&Service> = meta.services.iter().filter(|s| is_generated_service(s)).collect();
    let (generation, scripts, mut d) = generate_services(source, &services, &registry);
    diags.append(&mut d);
    let mut out = Vec::new();
    for svc in services {
        if let Some(g) = service_schema(source, svc, &generation, &scripts, &mut diags) {
            out.push(g);
        }
    }
    (out, diags)
}

/// What a build of `pkg` generates from PHP: every generated service's schema (the official
/// build regenerates committed `.schema.gen` files too), with the findings that linting the
/// tree reports, those of the scripts typing services that have no schema file yet. A
/// committed schema is what lint judged; its drift from the PHP is `schema gen --check`'s.
pub fn generate_for_build(pkg: &Package) -> (Vec<GeneratedSchema>, Vec<Diagnostic>) {
    let (generated, diags) = generate_for_package(pkg.source.as_ref(), &pkg.meta);
    let pending: Vec<&str> = pkg
        .services
        .iter()
        .filter(|s| matches!(s.ty, ServiceType::PendingGeneration))
        .map(|s| s.service_id.as_str())
        .collect();
    // The scripts generation reads for those services: every `.php` file beside their code.
    let folders: BTreeSet<String> = pkg
        .meta
        .services
        .iter()
        .filter(|s| pending.contains(&s.id_str()))
        .filter_map(code_path)
        .map(|p| pkg.source.display_path(p.rsplit_once('/').map_or("", |(dir, _)| dir)))
        .collect();
    let read_for_pending = |d: &Diagnostic| {
        d.display_path().is_some_and(|shown| {
            let dir = shown.rsplit_once('/').map_or("", |(dir, _)| dir);
            folders.iter().any(|f| f.trim_end_matches('/') == dir)
        })
    };
    let diags = diags
        .into_iter()
        // The staged package's type checks judge the generated schemas' links (and point
        // their findings back at the PHP): judging them here too would report each twice.
        .filter(|d| d.code() != rules::UNKNOWN_LINK_TYPE.code && read_for_pending(d))
        .collect();
    (generated.into_iter().filter(|g| aps_model::source::is_safe_relative_path(&g.path)).collect(), diags)
}

/// Generate the types of the package's services that wait for generation
/// (PHP code, no schema file yet) and add them to `pkg`, so lint, wizard
/// validation and resolve see them. Returns the generation diagnostics and
/// the schemas that were added.
pub fn add_generated_types(pkg: &mut Package) -> (Vec<GeneratedSchema>, Vec<Diagnostic>) {
    let pending: HashSet<String> = pkg
        .services
        .iter()
        .filter(|s| matches!(s.ty, ServiceType::PendingGeneration))
        .map(|s| s.service_id.clone())
        .collect();
    if pending.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let services: Vec<Service> = pkg
        .meta
        .services
        .iter()
        .filter(|s| pending.contains(s.id_str()) && s.code.as_ref().and_then(|c| c.path.as_ref()).is_some())
        .cloned()
        .collect();
    let refs: Vec<&Service> = services.iter().collect();
    let (generation, scripts, mut diags) = generate_services(pkg.source.as_ref(), &refs, &pkg.registry);
    // In the package, the generated schemas go through the type checks like any schema
    // (and their findings are pointed back at the PHP): judging `@link`s here too would
    // report each unresolved reference twice.
    diags.retain(|d| d.code() != rules::UNKNOWN_LINK_TYPE.code);
    let mut added = Vec::new();
    for svc in &services {
        let Some(g) = service_schema(pkg.source.as_ref(), svc, &generation, &scripts, &mut diags) else {
            continue;
        };
        let file = SourceFile::new(pkg.display_path(&g.path), g.text.clone());
        diags.extend(pkg.add_generated_schema_text(&g.service_id, &file));
        added.push(g);
    }
    (added, diags)
}

/// A script read for generation: its package-relative path and its text.
type Script = (String, Arc<SourceFile>);

/// Read the scripts the services need (every `.php` file in the folders of
/// their code files, not below) and generate.
fn generate_services(
    source: &dyn PackageSource,
    services: &[&Service],
    registry: &TypeRegistry,
) -> (Generation, Vec<Script>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let code_paths: BTreeSet<String> = services.iter().filter_map(|s| code_path(s)).collect();
    let folders: BTreeSet<&str> =
        code_paths.iter().map(|p| p.rsplit_once('/').map_or("", |(d, _)| d)).collect();
    let mut wanted: BTreeSet<String> = source
        .files()
        .into_iter()
        .filter(|f| {
            let (dir, name) = f.rsplit_once('/').unwrap_or(("", f.as_str()));
            folders.contains(dir) && name.to_ascii_lowercase().ends_with(".php")
        })
        .collect();
    wanted.extend(code_paths.iter().filter(|p| source.exists(p)).cloned());
    let mut scripts = Vec::new();
    for rel in wanted {
        match read_source_file(source, &rel, aps_json::MAX_SOURCE_BYTES) {
            // Non-UTF-8 scripts are read lossily: PHP does not care, the annotations are ASCII.
            Ok((file, _)) => scripts.push((rel, file)),
            Err(d) if code_paths.contains(&rel) => diags.push(*d),
            Err(_) => {}
        }
    }
    let files: Vec<Arc<SourceFile>> = scripts.iter().map(|(_, f)| f.clone()).collect();
    let generation = generate(&files, &|id| registry.resolve(id).is_some());
    diags.extend(generation.diagnostics.iter().cloned());
    (generation, scripts, diags)
}

fn code_path(svc: &Service) -> Option<String> {
    let p = svc.code.as_ref()?.path.as_ref()?.value.trim().to_string();
    aps_model::source::is_safe_relative_path(&p).then_some(p)
}

fn service_schema(
    source: &dyn PackageSource,
    svc: &Service,
    generation: &Generation,
    scripts: &[Script],
    diags: &mut Vec<Diagnostic>,
) -> Option<GeneratedSchema> {
    let rel = code_path(svc)?;
    // A missing script is reported by the package lint (file not found).
    let (_, file) = scripts.iter().find(|(r, _)| *r == rel)?;
    let Some(ts) = generation.types.iter().find(|t| Arc::ptr_eq(&t.file, file)) else {
        diags.push(
            rules::MissingTypeClass { script: &source.display_path(&rel) }
                .diagnostic()
                .at(file, first_class_span(file))
                .with_label(format!(
                    "the schema of service `{}` is generated from this script",
                    svc.id_str()
                )),
        );
        return None;
    };
    Some(GeneratedSchema {
        service_id: svc.id_str().to_string(),
        path: generated_schema_path(svc),
        text: ts.text(&rel),
        source_file: rel,
        type_id: ts.id.clone(),
        origins: ts.origins.clone(),
    })
}

/// Where to point when a script has no type class: its first class, else its start.
fn first_class_span(file: &Arc<SourceFile>) -> Span {
    crate::reader::read(file.text()).classes.first().map_or(Span::empty(0), |c| c.name_span)
}
