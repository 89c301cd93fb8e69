//! The rules this crate reports, one file per rule. Each rule's doc comment is its
//! documentation (`aps-pack explain CODE`, `docs/rules.md`).
//!
//! Each file declares one rule and holds its check.

pub(crate) mod aps1_package;
pub(crate) mod duplicate_element;
pub(crate) mod duplicate_service_id;
pub(crate) mod duplicate_type_id;
pub(crate) mod empty_element;
pub(crate) mod external_type;
pub(crate) mod file_not_found;
pub(crate) mod implements_cycle;
pub(crate) mod invalid_attribute_value;
pub(crate) mod invalid_match;
pub(crate) mod invalid_name;
pub(crate) mod invalid_schema;
pub(crate) mod invalid_service_id;
pub(crate) mod invalid_type_id;
pub(crate) mod invalid_version;
pub(crate) mod license_file_is_url;
pub(crate) mod missing_app_meta;
pub(crate) mod missing_attribute;
pub(crate) mod missing_required_element;
pub(crate) mod missing_schema;
pub(crate) mod multiple_root_types;
pub(crate) mod no_root_type;
pub(crate) mod not_app_meta;
pub(crate) mod path_escapes_package;
pub(crate) mod types_from_php;
pub(crate) mod unknown_element;
pub(crate) mod unknown_property_type;
pub(crate) mod unknown_schema_key;
pub(crate) mod unknown_standard_type;
pub(crate) mod unknown_type;
pub(crate) mod unversioned_type_reference;
pub(crate) mod xml_doctype;
pub(crate) mod xml_encoding;
pub(crate) mod xml_syntax;
pub(crate) mod xml_too_deep;
pub(crate) mod xml_unbound_prefix;
pub(crate) mod xml_unknown_entity;

pub use aps1_package::APS1_PACKAGE;
pub use duplicate_element::DUPLICATE_ELEMENT;
pub use duplicate_service_id::DUPLICATE_SERVICE_ID;
pub use duplicate_type_id::DUPLICATE_TYPE_ID;
pub use empty_element::EMPTY_ELEMENT;
pub use external_type::EXTERNAL_TYPE;
pub use file_not_found::FILE_NOT_FOUND;
pub use implements_cycle::IMPLEMENTS_CYCLE;
pub use invalid_attribute_value::INVALID_ATTRIBUTE_VALUE;
pub use invalid_match::INVALID_MATCH;
pub use invalid_name::INVALID_NAME;
pub use invalid_schema::INVALID_SCHEMA;
pub use invalid_service_id::INVALID_SERVICE_ID;
pub use invalid_type_id::INVALID_TYPE_ID;
pub use invalid_version::INVALID_VERSION;
pub use license_file_is_url::LICENSE_FILE_IS_URL;
pub use missing_app_meta::MISSING_APP_META;
pub use missing_attribute::MISSING_ATTRIBUTE;
pub use missing_required_element::MISSING_REQUIRED_ELEMENT;
pub use missing_schema::MISSING_SCHEMA;
pub use multiple_root_types::MULTIPLE_ROOT_TYPES;
pub use no_root_type::NO_ROOT_TYPE;
pub use not_app_meta::NOT_APP_META;
pub use path_escapes_package::{declared_folders, PATH_ESCAPES_PACKAGE};
pub use types_from_php::TYPES_FROM_PHP;
pub use unknown_element::UNKNOWN_ELEMENT;
pub use unknown_property_type::UNKNOWN_PROPERTY_TYPE;
pub use unknown_schema_key::UNKNOWN_SCHEMA_KEY;
pub use unknown_standard_type::UNKNOWN_STANDARD_TYPE;
pub use unknown_type::UNKNOWN_TYPE;
pub use unversioned_type_reference::UNVERSIONED_TYPE_REFERENCE;
pub use xml_doctype::XML_DOCTYPE;
pub use xml_encoding::XML_ENCODING;
pub use xml_syntax::XML_SYNTAX;
pub use xml_too_deep::XML_TOO_DEEP;
pub use xml_unbound_prefix::XML_UNBOUND_PREFIX;
pub use xml_unknown_entity::XML_UNKNOWN_ENTITY;

/// Every rule of this crate, by code.
pub static ALL: &[&aps_diag::Rule] = &[
    &XML_SYNTAX,
    &XML_DOCTYPE,
    &XML_UNKNOWN_ENTITY,
    &XML_TOO_DEEP,
    &XML_ENCODING,
    &XML_UNBOUND_PREFIX,
    &APS1_PACKAGE,
    &NOT_APP_META,
    &MISSING_REQUIRED_ELEMENT,
    &EMPTY_ELEMENT,
    &UNKNOWN_ELEMENT,
    &INVALID_VERSION,
    &INVALID_MATCH,
    &MISSING_ATTRIBUTE,
    &INVALID_ATTRIBUTE_VALUE,
    &FILE_NOT_FOUND,
    &PATH_ESCAPES_PACKAGE,
    &DUPLICATE_SERVICE_ID,
    &LICENSE_FILE_IS_URL,
    &MISSING_SCHEMA,
    &TYPES_FROM_PHP,
    &INVALID_SERVICE_ID,
    &DUPLICATE_ELEMENT,
    &INVALID_SCHEMA,
    &INVALID_TYPE_ID,
    &DUPLICATE_TYPE_ID,
    &IMPLEMENTS_CYCLE,
    &UNKNOWN_TYPE,
    &INVALID_NAME,
    &NO_ROOT_TYPE,
    &MULTIPLE_ROOT_TYPES,
    &UNKNOWN_SCHEMA_KEY,
    &UNKNOWN_PROPERTY_TYPE,
    &EXTERNAL_TYPE,
    &MISSING_APP_META,
    &UNKNOWN_STANDARD_TYPE,
    &UNVERSIONED_TYPE_REFERENCE,
];
