//! The rules of APP-META.xml, its XML and the type schemas.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

aps_diag::rules! {
    "XML001" "xml-syntax" syntax Error xml_syntax::XML_SYNTAX
        "malformed XML";
    "XML002" "xml-doctype" syntax Error xml_doctype::XML_DOCTYPE
        "DOCTYPE or entity declaration refused";
    "XML003" "xml-unknown-entity" syntax Error xml_unknown_entity::XML_UNKNOWN_ENTITY
        "unknown entity reference";
    "XML004" "xml-too-deep" syntax Error xml_too_deep::XML_TOO_DEEP
        "XML nested too deeply";
    "XML005" "xml-encoding" syntax Warning xml_encoding::XML_ENCODING
        "XML declaration names an encoding other than UTF-8";
    "XML006" "xml-unbound-prefix" syntax Error xml_unbound_prefix::XML_UNBOUND_PREFIX
        "undeclared namespace prefix";
    "APS101" "aps1-package" package Error aps1_package::APS1_PACKAGE
        "APS 1 package (not supported)";
    "APS102" "not-app-meta" package Error not_app_meta::NOT_APP_META
        "APP-META.xml root is not an APS 2 `<application>`";
    "APS103" "missing-required-element" package Error missing_required_element::MISSING_REQUIRED_ELEMENT
        "required APP-META.xml element missing or empty";
    "APS104" "empty-element" package Warning empty_element::EMPTY_ELEMENT
        "optional APP-META.xml element present but empty";
    "APS105" "unknown-element" package Warning unknown_element::UNKNOWN_ELEMENT
        "unknown element in APP-META.xml";
    "APS106" "invalid-version" package Error invalid_version::INVALID_VERSION
        "malformed version or release";
    "APS107" "invalid-match" package Error invalid_match::INVALID_MATCH
        "malformed upgrade/patch `match` expression";
    "APS108" "missing-attribute" package Error missing_attribute::MISSING_ATTRIBUTE
        "required attribute missing or empty";
    "APS109" "invalid-attribute-value" package Error invalid_attribute_value::INVALID_ATTRIBUTE_VALUE
        "attribute value of the wrong form";
    "APS110" "file-not-found" package Warning file_not_found::FILE_NOT_FOUND
        "file referenced by APP-META.xml is not in the package";
    "APS111" "path-escapes-package" package Error path_escapes_package::PATH_ESCAPES_PACKAGE
        "path points outside the package";
    "APS112" "duplicate-service-id" package Error duplicate_service_id::DUPLICATE_SERVICE_ID
        "two services with the same id";
    "APS113" "license-file-is-url" package Info license_file_is_url::LICENSE_FILE_IS_URL
        "licence `<file>` holds a URL";
    "APS114" "missing-schema" package Error missing_schema::MISSING_SCHEMA
        "service has no type schema";
    "APS115" "types-from-php" package Info types_from_php::TYPES_FROM_PHP
        "types defined in PHP are not checked yet";
    "APS116" "invalid-service-id" package Error invalid_service_id::INVALID_SERVICE_ID
        "service id not usable as an endpoint name";
    "APS117" "duplicate-element" package Error duplicate_element::DUPLICATE_ELEMENT
        "element that may appear once appears twice";
    "TYP201" "invalid-schema" types Error invalid_schema::INVALID_SCHEMA
        "type schema of the wrong shape";
    "TYP202" "invalid-type-id" types Error invalid_type_id::INVALID_TYPE_ID
        "type id is not `<uri>/<major>.<minor>`";
    "TYP203" "duplicate-type-id" types Error duplicate_type_id::DUPLICATE_TYPE_ID
        "two types with the same id";
    "TYP204" "implements-cycle" types Error implements_cycle::IMPLEMENTS_CYCLE
        "types implement each other in a cycle";
    "TYP205" "unknown-type" types Error unknown_type::UNKNOWN_TYPE
        "type reference does not resolve";
    "TYP206" "invalid-name" types Error invalid_name::INVALID_NAME
        "name does not match the APS name pattern";
    "TYP207" "no-root-type" types Error no_root_type::NO_ROOT_TYPE
        "no type implements core/application/1.0";
    "TYP208" "multiple-root-types" types Error multiple_root_types::MULTIPLE_ROOT_TYPES
        "more than one type implements core/application/1.0";
    "TYP209" "unknown-schema-key" types Warning unknown_schema_key::UNKNOWN_SCHEMA_KEY
        "unknown key in a type schema";
    "TYP210" "unknown-property-type" types Error unknown_property_type::UNKNOWN_PROPERTY_TYPE
        "property type is neither a primitive nor a known structure";
    "TYP211" "external-type" types Info external_type::EXTERNAL_TYPE
        "reference to a type aps-pack cannot check";
    "APS118" "package-without-app-meta" package Error missing_app_meta::MISSING_APP_META
        "package has no APP-META.xml";
    "TYP212" "unknown-standard-type" types Warning unknown_standard_type::UNKNOWN_STANDARD_TYPE
        "standard type id aps-pack does not know";
    "TYP213" "unversioned-type-reference" types Info unversioned_type_reference::UNVERSIONED_TYPE_REFERENCE
        "type reference without a version";
}

pub use path_escapes_package::declared_folders;
