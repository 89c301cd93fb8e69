//! A loaded package: its source, APP-META.xml model, service type schemas
//! and type registry.

use crate::meta::{parse_app_meta, AppMeta};
use crate::registry::{RegisteredType, TypeOrigin, TypeRegistry};
use crate::rules::missing_app_meta::MissingAppMeta;
use crate::schema::{parse_type_schema, TypeSchema};
use crate::source::{is_safe_relative_path, read_source_file, PackageSource};
use aps_diag::{Diagnostic, SourceFile, Violation};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The metadata file name at a package root.
pub const APP_META: &str = "APP-META.xml";

/// Settings for [`load_package_with`].
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Largest APP-META.xml or schema file read (bytes).
    pub max_source_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { max_source_bytes: aps_json::MAX_SOURCE_BYTES }
    }
}

/// What is known about the type a service serves.
#[derive(Debug, Clone)]
pub enum ServiceType {
    /// Read from the package's schema file.
    Loaded(Arc<TypeSchema>),
    /// Generated (from PHP annotations) and added with [`Package::add_generated_type`].
    Generated(Arc<TypeSchema>),
    /// PHP code and no schema file yet: `aps build` generates it. Unknown until then.
    PendingGeneration,
    /// The schema file exists but does not parse (reported at load).
    Invalid,
    /// No usable schema: the `<schema path>` names no file (or an unsafe
    /// path), or there is neither `<schema>` nor PHP code.
    Missing,
}

/// A service and its type.
#[derive(Debug, Clone)]
pub struct ServiceInfo {
    pub service_id: String,
    /// `<schema path>` as written, if any.
    pub schema_path: Option<String>,
    pub ty: ServiceType,
}

impl ServiceInfo {
    pub fn schema(&self) -> Option<&Arc<TypeSchema>> {
        match &self.ty {
            ServiceType::Loaded(s) | ServiceType::Generated(s) => Some(s),
            _ => None,
        }
    }
}

/// A package, loaded.
pub struct Package {
    pub source: Arc<dyn PackageSource>,
    pub app_meta_file: Arc<SourceFile>,
    pub meta: AppMeta,
    /// One entry per `<service>` with an id, in document order.
    pub services: Vec<ServiceInfo>,
    /// Standard types plus the package's (loaded and generated) types.
    pub registry: TypeRegistry,
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("root", &self.source.display_root())
            .field("id", &self.meta.id_str())
            .field("services", &self.services)
            .finish_non_exhaustive()
    }
}

impl Package {
    /// `<package root as given>/<rel>`.
    pub fn display_path(&self, rel: &str) -> String {
        self.source.display_path(rel)
    }

    pub fn service_info(&self, service_id: &str) -> Option<&ServiceInfo> {
        self.services.iter().find(|s| s.service_id == service_id)
    }

    /// The type served by a service, when known (loaded or generated).
    pub fn type_of_service(&self, service_id: &str) -> Option<&RegisteredType> {
        self.registry.type_of_service(service_id)
    }

    /// The application's root type: the package type implementing
    /// `core/application/1.0` (the first, if several).
    pub fn root_type(&self) -> Option<&RegisteredType> {
        self.registry.root_types().into_iter().next()
    }

    /// Are all service types known (none waits for generation)?
    pub fn types_complete(&self) -> bool {
        !self.services.iter().any(|s| matches!(s.ty, ServiceType::PendingGeneration))
    }

    /// Services whose type is generated from PHP and not added yet.
    pub fn pending_services(&self) -> Vec<&str> {
        self.services
            .iter()
            .filter(|s| matches!(s.ty, ServiceType::PendingGeneration))
            .map(|s| s.service_id.as_str())
            .collect()
    }

    /// Add the type generated for a service (e.g. from its PHP annotations)
    /// and register it. Returns problems (a duplicate id).
    pub fn add_generated_type(&mut self, service_id: &str, schema: TypeSchema) -> Vec<Diagnostic> {
        let schema = Arc::new(schema);
        let mut diags = Vec::new();
        if let Err(d) =
            self.registry.add(schema.clone(), TypeOrigin::Generated { service: service_id.to_string() })
        {
            diags.push(*d);
        }
        match self.services.iter_mut().find(|s| s.service_id == service_id) {
            Some(info) => info.ty = ServiceType::Generated(schema),
            None => self.services.push(ServiceInfo {
                service_id: service_id.to_string(),
                schema_path: None,
                ty: ServiceType::Generated(schema),
            }),
        }
        diags
    }

    /// Parse generated schema text (e.g. a `.schema.gen` produced in memory)
    /// and add it for `service_id`.
    pub fn add_generated_schema_text(&mut self, service_id: &str, file: &Arc<SourceFile>) -> Vec<Diagnostic> {
        let (schema, mut diags) = parse_type_schema(file);
        if let Some(schema) = schema {
            diags.extend(self.add_generated_type(service_id, schema));
        }
        diags
    }
}

/// Load a package with the default options. The diagnostics are problems
/// found while reading: unreadable or malformed APP-META.xml and schema
/// files, duplicate type ids. Semantic checks are [`crate::lint_package`].
pub fn load_package(source: Arc<dyn PackageSource>) -> (Option<Package>, Vec<Diagnostic>) {
    load_package_with(source, &LoadOptions::default())
}

pub fn load_package_with(
    source: Arc<dyn PackageSource>,
    opts: &LoadOptions,
) -> (Option<Package>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if !source.exists(APP_META) {
        diags.push(MissingAppMeta.diagnostic().at_path(source.display_path(APP_META)));
        return (None, diags);
    }
    let (file, mut load_diags) = match read_source_file(source.as_ref(), APP_META, opts.max_source_bytes) {
        Ok(x) => x,
        Err(d) => {
            diags.push(*d);
            return (None, diags);
        }
    };
    let not_utf8 = !load_diags.is_empty();
    diags.append(&mut load_diags);
    if not_utf8 {
        // Lossy text would produce confusing follow-up errors.
        return (None, diags);
    }
    let (meta, mut meta_diags) = parse_app_meta(&file);
    diags.append(&mut meta_diags);
    let Some(meta) = meta else { return (None, diags) };

    let mut registry = TypeRegistry::with_standard_types();
    let mut services = Vec::new();
    for svc in &meta.services {
        let Some(id) = &svc.id else { continue };
        let schema_path = svc.schema.as_ref().map(|p| p.value.clone());
        let ty = match &schema_path {
            Some(path) if !is_safe_relative_path(path) => ServiceType::Missing,
            Some(path) if source.exists(path) => {
                match read_source_file(source.as_ref(), path, opts.max_source_bytes) {
                    Ok((sfile, mut d)) => {
                        let bad = !d.is_empty();
                        diags.append(&mut d);
                        if bad {
                            ServiceType::Invalid
                        } else {
                            let (schema, mut d) = parse_type_schema(&sfile);
                            diags.append(&mut d);
                            match schema {
                                Some(s) => {
                                    let s = Arc::new(s);
                                    if let Err(d) = registry.add(
                                        s.clone(),
                                        TypeOrigin::Package { service: Some(id.value.clone()) },
                                    ) {
                                        diags.push(*d);
                                    }
                                    ServiceType::Loaded(s)
                                }
                                None => ServiceType::Invalid,
                            }
                        }
                    }
                    Err(d) => {
                        diags.push(*d);
                        ServiceType::Invalid
                    }
                }
            }
            _ if svc.is_php() => ServiceType::PendingGeneration,
            _ => ServiceType::Missing,
        };
        services.push(ServiceInfo { service_id: id.value.clone(), schema_path, ty });
    }
    let pkg = Package { source, app_meta_file: file, meta, services, registry };
    (Some(pkg), diags)
}

/// The folder holding APP-META.xml: `path` itself, the folder of an
/// `APP-META.xml` file, or the nearest ancestor that has one.
pub fn find_package_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_file() { path.parent()?.to_path_buf() } else { path.to_path_buf() };
    let start = if start.as_os_str().is_empty() { PathBuf::from(".") } else { start };
    let abs = std::fs::canonicalize(&start).ok()?;
    let mut cur: Option<&Path> = Some(&abs);
    let mut ups = 0usize;
    while let Some(dir) = cur {
        if dir.join(APP_META).is_file() {
            // Keep the caller's form of the path (relative stays relative) for display.
            let mut out = start.clone();
            for _ in 0..ups {
                out.push("..");
            }
            return Some(if ups == 0 { start } else { normalize_up(&start, ups).unwrap_or(out) });
        }
        cur = dir.parent();
        ups += 1;
    }
    None
}

/// `start` with `ups` trailing components removed, when `start` has that
/// many normal components; else None.
fn normalize_up(start: &Path, ups: usize) -> Option<PathBuf> {
    let comps: Vec<_> = start.components().collect();
    let normal = comps.iter().rev().take_while(|c| matches!(c, std::path::Component::Normal(_))).count();
    if normal >= ups && comps.len() > ups {
        Some(comps[..comps.len() - ups].iter().collect())
    } else if normal >= ups {
        Some(PathBuf::from("."))
    } else {
        std::fs::canonicalize(start).ok().and_then(|a| {
            let mut a = a;
            for _ in 0..ups {
                a = a.parent()?.to_path_buf();
            }
            Some(a)
        })
    }
}
