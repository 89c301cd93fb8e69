//! APS package model: APP-META.xml, type schemas, type registry, package lint.
//!
//! - [`xml`]: a span-keeping, namespace-aware XML tree that refuses DOCTYPEs
//!   and never expands entities.
//! - [`meta`]: APP-META.xml (APS 2) as a typed model ([`AppMeta`]), with the
//!   RQL `match` subset of upgrades ([`rql`]).
//! - [`schema`]: APS type schemas ([`TypeSchema`]); [`registry`]: package
//!   plus standard types ([`TypeRegistry`]) with inheritance and
//!   version-compatible lookup; [`standard`]: the embedded standard types.
//! - [`source`]: where package files come from ([`DirSource`], [`MemSource`]);
//!   [`package`]: loading ([`load_package`]); [`lint_package`] and friends
//!   run the rules in [`rules`].

pub mod bump;
pub mod lint;
pub mod meta;
pub mod package;
pub mod registry;
pub mod rql;
pub mod rules;
pub mod schema;
pub mod source;
mod spanned;
pub mod standard;
pub mod typeid;
pub mod version;
pub mod xml;

pub use lint::{lint_app_meta, lint_package, lint_schema_file, lint_source};
pub use meta::{parse_app_meta, AppMeta, NavKind, NavNode, Service, Var, APS1_NS, APS2_NS};
pub use package::{
    find_package_root, load_package, load_package_with, LoadOptions, Package, ServiceInfo, ServiceType,
    APP_META,
};
pub use registry::{Counter, CounterKind, Found, RegisteredType, StructureRef, TypeOrigin, TypeRegistry};
pub use rql::{parse_match, MatchExpr, MatchField, MatchOp};
pub use schema::{parse_type_schema, Operation, Property, Relation, Structure, TypeSchema};
pub use source::{DirSource, MemSource, OverlaySource, PackageSource, SourceError};
pub use spanned::Spanned;
pub use typeid::{split_structure, TypeId, CORE_APPLICATION, CORE_RESOURCE, INIT_WIZARD_CONFIG};
pub use version::{compare_versions, version_problem};

/// Attach a related location: as a secondary label when it is close to the
/// primary one (the snippet stays short), else as a note naming its line.
pub(crate) fn related(
    d: aps_diag::Diagnostic,
    file: &std::sync::Arc<aps_diag::SourceFile>,
    primary: aps_diag::Span,
    other: aps_diag::Span,
    text: &str,
) -> aps_diag::Diagnostic {
    let a = file.line_col(primary.start).line;
    let b = file.line_col(other.start).line;
    if a.abs_diff(b) <= 6 {
        d.with_secondary(file, other, text)
    } else {
        d.with_note(format!("{text} (line {b})"))
    }
}

/// Levenshtein distance, giving up (returning `limit + 1`) beyond `limit`.
pub(crate) fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|m| *m > limit) {
            return limit + 1;
        }
        prev = cur;
    }
    prev[b.len()]
}
