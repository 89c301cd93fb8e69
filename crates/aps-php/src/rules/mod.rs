//! The rules this crate reports, one per file, each with its typed violations.

mod default_annotation_ignored;
mod duplicate_type_id;
mod generated_schema_drift;
mod ineffective_annotation;
mod malformed_annotation;
mod missing_type_class;
mod php_syntax;
mod unknown_annotation;
mod unknown_link_type;
mod unknown_structure;

pub use default_annotation_ignored::{DefaultAnnotationIgnored, DEFAULT_ANNOTATION_IGNORED};
pub use duplicate_type_id::{DuplicateTypeId, DUPLICATE_TYPE_ID};
pub use generated_schema_drift::{check_drift, GeneratedSchemaDrift, GENERATED_SCHEMA_DRIFT};
pub use ineffective_annotation::{IneffectiveAnnotation, INEFFECTIVE_ANNOTATION};
pub use malformed_annotation::{Expected, MalformedAnnotation, MALFORMED_ANNOTATION};
pub use missing_type_class::{MissingTypeClass, MISSING_TYPE_CLASS};
pub use php_syntax::{PhpSyntax, PHP_SYNTAX};
pub use unknown_annotation::{UnknownAnnotation, UNKNOWN_ANNOTATION};
pub use unknown_link_type::{UnknownLinkType, UNKNOWN_LINK_TYPE};
pub use unknown_structure::{UnknownStructure, UNKNOWN_STRUCTURE};

/// The rules of this crate.
pub static ALL: &[&aps_diag::Rule] = &[
    &UNKNOWN_ANNOTATION,
    &MALFORMED_ANNOTATION,
    &UNKNOWN_LINK_TYPE,
    &DUPLICATE_TYPE_ID,
    &DEFAULT_ANNOTATION_IGNORED,
    &INEFFECTIVE_ANNOTATION,
    &PHP_SYNTAX,
    &MISSING_TYPE_CLASS,
    &UNKNOWN_STRUCTURE,
    &GENERATED_SCHEMA_DRIFT,
];
