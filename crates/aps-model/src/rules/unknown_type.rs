use super::external_type::ExternalType;
use super::unknown_standard_type::UnknownStandardType;
use super::unversioned_type_reference::UnversionedTypeReference;
use aps_diag::rule;

rule! { UNKNOWN_TYPE;
    //! Reports a type named in `implements`, a relation, a navigation `<var type-id>`, or a
    //! `type#Structure` reference that is neither a package type nor a standard APS type, when it
    //! evidently should be one: a standard `http://aps-standard.org/types/…` id, or an id in the
    //! package's own namespace. A compatible version resolves (`…/globals/2.0` is satisfied by
    //! `…/globals/2.4`); a different major version does not.
    //!
    //! ## Why
    //! The controller resolves `implements` at import, so an unresolved implemented type refuses the
    //! package; a required relation that names no existing type can never be satisfied, so
    //! provisioning fails. Both are errors. An optional relation or a navigation variable is only
    //! resolved when it is used: published packages that controllers accepted carry such dangling
    //! references (`"type": "http://openstack.parallels.com/ip"` in Openstack-1.0-10), so they are
    //! warnings.
    //!
    //! ## Example
    //! ```xml
    //! <var name="app" type-id="http://example.com/app/globals/1.0"/>  <!-- package has globals/2.0 -->
    //! ```
    //!
    //! ## Fix
    //! Correct the id or version; the suggestion names the closest known type.

    impl UnknownType<'_> {
        message: |v| match v {
            Self::OtherVersions { what, id, same_major, .. } => {
                let why = if *same_major {
                    "only an older minor version exists"
                } else {
                    "a different major version is not compatible"
                };
                format!("{what} `{id}` does not resolve: {why}")
            }
            Self::NotOwn { what, id, .. } => format!("{what} `{id}` is not a type of this package"),
        },
        help?: |v| match v {
            Self::OtherVersions { have, .. } => {
                let latest = have.last()?;
                Some(format!("refer to `{latest}`, or to a version with the same major number"))
            }
            Self::NotOwn { id, own, .. } => {
                Some(aps_diag::did_you_mean_help(id, own.iter().copied()).unwrap_or_else(|| {
                    format!("package types: {}", if own.is_empty() { "none".into() } else { own.join(", ") })
                }))
            }
        },
    }
}

use crate::registry::TypeRegistry;
use crate::schema::TypeSchema;
use crate::typeid::{split_structure, TypeId, STANDARD_PREFIX};
use crate::Package;
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use std::collections::HashMap;
use std::sync::Arc;

/// What the package considers its own: type ids starting with one of these
/// prefixes should resolve inside the package.
pub(crate) struct Scope<'a> {
    pub registry: &'a TypeRegistry,
    pub own_prefixes: Vec<String>,
    /// All package types are known (none waits for PHP generation).
    pub complete: bool,
    /// External ids already noted (id → count), to note each once.
    pub external_seen: HashMap<String, usize>,
    /// Version-less references already noted, likewise.
    pub unversioned_seen: HashMap<String, usize>,
}

impl<'a> Scope<'a> {
    pub fn for_package(pkg: &'a Package) -> Self {
        let mut own_prefixes = Vec::new();
        // Types under the application id are the application's own, even when
        // the id is a bare host (`http://myweatherdemo.com/`).
        let app = pkg.meta.id_str().trim().trim_end_matches('/');
        if app.contains("://") && app.len() > app.find("://").map_or(0, |i| i + 3) {
            own_prefixes.push(format!("{app}/"));
        }
        for t in pkg.registry.package_types() {
            if let Some(id) = &t.schema.type_id {
                let ns = id.namespace();
                if has_path(ns.trim_end_matches('/')) && !own_prefixes.iter().any(|p| p == ns) {
                    own_prefixes.push(ns.to_string());
                }
            }
        }
        Scope {
            registry: &pkg.registry,
            own_prefixes,
            complete: pkg.types_complete(),
            external_seen: HashMap::new(),
            unversioned_seen: HashMap::new(),
        }
    }

    fn is_own(&self, id: &str) -> bool {
        self.own_prefixes.iter().any(|p| id.starts_with(p.as_str()))
    }
}

/// `scheme://host/…`: at least one path segment after the host.
fn has_path(uri: &str) -> bool {
    match uri.split_once("://") {
        Some((_, rest)) => rest.trim_end_matches('/').contains('/'),
        None => false,
    }
}

/// Where a reference appears, for messages.
#[derive(Clone, Copy)]
pub(crate) struct RefSite<'a> {
    pub file: &'a Arc<SourceFile>,
    pub span: Span,
    /// `navigation variable`, `implements`, `relation \`globals\``.
    pub what: &'a str,
    /// An unresolved reference here breaks the import or provisioning (`implements`, a required
    /// relation); elsewhere it is resolved only when used, so it is a warning.
    pub breaks: bool,
}

impl RefSite<'_> {
    /// The severity of an unresolved reference at this site (see the policy in `docs/rules.md`).
    fn unresolved(&self, d: Diagnostic) -> Diagnostic {
        if self.breaks {
            d
        } else {
            d.with_severity(aps_diag::Severity::Warning)
        }
    }
}

/// Check one type reference and report what is wrong with it, if anything.
pub(crate) fn check_ref(scope: &mut Scope<'_>, site: RefSite<'_>, id: &str, out: &mut Vec<Diagnostic>) {
    let id = split_structure(id.trim()).0;
    if id.is_empty() || scope.registry.resolve(id).is_some() {
        return;
    }
    let parsed = TypeId::parse(id);
    if parsed.is_none() {
        // A version-less reference matches any version of its base type: controllers accept it
        // (published packages hold hundreds), so it is a fact worth knowing, noted once per id.
        let known: Vec<&str> = scope
            .registry
            .iter()
            .filter(|t| t.schema.type_id.as_ref().is_some_and(|t| t.base == id))
            .map(|t| t.id())
            .collect();
        if !known.is_empty() {
            let count = scope.unversioned_seen.entry(id.to_string()).or_insert(0);
            *count += 1;
            if *count == 1 {
                out.push(
                    UnversionedTypeReference { what: site.what, id, known: &known }
                        .diagnostic()
                        .at(site.file, site.span)
                        .with_label(format!("resolves to {}", known.join(", "))),
                );
            }
            return;
        }
    }
    let others = scope.registry.other_versions(id);
    if !others.is_empty() {
        let have: Vec<&str> = others.iter().map(|t| t.id()).collect();
        let same_major = matches!(&parsed, Some(w)
            if others.iter().any(|t| t.schema.type_id.as_ref().is_some_and(|h| h.major == w.major)));
        out.push(
            site.unresolved(
                UnknownType::OtherVersions { what: site.what, id, same_major, have: &have }
                    .diagnostic()
                    .at(site.file, site.span)
                    .with_label(format!("available: {}", have.join(", "))),
            ),
        );
        return;
    }
    if id.starts_with(STANDARD_PREFIX) {
        let std_ids: Vec<&str> = scope.registry.iter().filter(|t| t.is_standard()).map(|t| t.id()).collect();
        out.push(
            UnknownStandardType { what: site.what, id, standard: &std_ids }
                .diagnostic()
                .at(site.file, site.span)
                .with_label("unknown standard type"),
        );
        return;
    }
    if scope.is_own(id) {
        if !scope.complete {
            return; // the PHP-defined types may declare it; types-from-php says so once
        }
        let own: Vec<&str> = scope.registry.package_types().map(|t| t.id()).collect();
        let d = UnknownType::NotOwn { what: site.what, id, own: &own }
            .diagnostic()
            .at(site.file, site.span)
            .with_label("no package type has this id");
        out.push(site.unresolved(d));
        return;
    }
    let count = scope.external_seen.entry(id.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 {
        out.push(
            ExternalType { what: site.what, id }
                .diagnostic()
                .at(site.file, site.span)
                .with_label("resolved by the platform at run time"),
        );
    }
}

/// References in one schema: `implements` and relation types.
pub(crate) fn check_schema_refs<'r>(
    schema: &TypeSchema,
    registry: &'r TypeRegistry,
    scope: Option<&mut Scope<'r>>,
    out: &mut Vec<Diagnostic>,
) {
    let mut standalone;
    let scope = match scope {
        Some(s) => s,
        None => {
            // A lone schema file: its own namespace is known, nothing else is.
            let mut own_prefixes = Vec::new();
            if let Some(t) = &schema.type_id {
                if has_path(t.namespace().trim_end_matches('/')) {
                    own_prefixes.push(t.namespace().to_string());
                }
            }
            standalone = Scope {
                registry,
                own_prefixes,
                complete: false,
                external_seen: HashMap::new(),
                unversioned_seen: HashMap::new(),
            };
            &mut standalone
        }
    };
    for imp in &schema.implements {
        let site = RefSite { file: &schema.file, span: imp.span, what: "implemented type", breaks: true };
        check_ref(scope, site, &imp.value, out);
    }
    for rel in &schema.relations {
        let Some(ty) = &rel.ty else { continue };
        let what = format!("relation `{}` type", rel.name.value);
        let site = RefSite { file: &schema.file, span: ty.span, what: &what, breaks: rel.is_required() };
        check_ref(scope, site, &ty.value, out);
    }
}

pub(crate) fn check(pkg: &Package, out: &mut Vec<Diagnostic>) {
    let mut scope = Scope::for_package(pkg);
    for (_, var) in pkg.meta.vars() {
        let Some(ty) = &var.type_id else { continue };
        let what = match &var.name {
            Some(n) => format!("navigation variable `{}`", n.value),
            None => "navigation variable".to_string(),
        };
        let site = RefSite { file: &pkg.app_meta_file, span: ty.span, what: &what, breaks: false };
        check_ref(&mut scope, site, &ty.value, out);
    }
    for info in &pkg.services {
        if let Some(schema) = info.schema() {
            check_schema_refs(schema, &pkg.registry, Some(&mut scope), out);
        }
    }
}

/// A type reference that does not resolve.
pub(crate) enum UnknownType<'a> {
    /// Only other versions of the type exist (`have`, oldest first).
    OtherVersions { what: &'a str, id: &'a str, same_major: bool, have: &'a [&'a str] },
    /// A package type id no package type has (`own`: the package's types).
    NotOwn { what: &'a str, id: &'a str, own: &'a [&'a str] },
}
