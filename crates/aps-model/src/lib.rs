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
pub use source::{DirSource, MemSource, PackageSource, SourceError};
pub use spanned::Spanned;
pub use typeid::{split_structure, TypeId, CORE_APPLICATION, CORE_RESOURCE, INIT_WIZARD_CONFIG};
pub use version::{compare_versions, version_problem};
