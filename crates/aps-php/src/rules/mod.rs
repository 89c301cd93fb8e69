//! The rules of PHP annotations.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

aps_diag::rules! {
    "PHP001" "unknown-annotation" php Warning unknown_annotation::UNKNOWN_ANNOTATION
        "annotation that the APS PHP runtime does not read";
    "PHP002" "malformed-annotation" php Error malformed_annotation::MALFORMED_ANNOTATION
        "annotation arguments cannot be read";
    "PHP003" "unknown-link-type" php Warning unknown_link_type::UNKNOWN_LINK_TYPE
        "`@link` to a type that is not known";
    "PHP004" "duplicate-php-type-id" php Error duplicate_type_id::DUPLICATE_TYPE_ID
        "two classes declare the same type id";
    "PHP005" "default-annotation-ignored" php Warning default_annotation_ignored::DEFAULT_ANNOTATION_IGNORED
        "`@default` is ignored: defaults come from the initial value";
    "PHP006" "ineffective-annotation" php Warning ineffective_annotation::INEFFECTIVE_ANNOTATION
        "annotation has no effect here or has an unexpected value";
    "PHP007" "php-syntax" php Warning php_syntax::PHP_SYNTAX
        "unterminated comment, string or heredoc in a PHP script";
    "PHP008" "missing-type-class" php Error missing_type_class::MISSING_TYPE_CLASS
        "service script has no class with `@type`";
    "PHP009" "unknown-structure" php Warning unknown_structure::UNKNOWN_STRUCTURE
        "`@type` names no primitive, type id or structure class";
    "PHP010" "generated-schema-drift" php Error generated_schema_drift::GENERATED_SCHEMA_DRIFT
        "committed `.schema.gen` differs from what the PHP generates";
}

pub use default_annotation_ignored::DefaultAnnotationIgnored;
pub use duplicate_type_id::DuplicateTypeId;
pub use generated_schema_drift::check_drift;
pub use generated_schema_drift::GeneratedSchemaDrift;
pub use ineffective_annotation::IneffectiveAnnotation;
pub use malformed_annotation::Expected;
pub use malformed_annotation::MalformedAnnotation;
pub use missing_type_class::MissingTypeClass;
pub use php_syntax::PhpSyntax;
pub use unknown_annotation::UnknownAnnotation;
pub use unknown_link_type::UnknownLinkType;
pub use unknown_structure::UnknownStructure;
