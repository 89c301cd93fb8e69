//! The rules of wizard data; `run_all` runs their checks.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

use crate::lint::Cx;

aps_diag::rules! {
    "WIZ001" "wizard-schema" wizard Error schema_mismatch::SCHEMA_MISMATCH
        "wizard data does not match the wizard data schema";
    "WIZ002" "unknown-wizard-key" wizard Warning unknown_key::UNKNOWN_KEY
        "unknown key in wizard data";
    "WIZ101" "duplicate-wizard-id" wizard Error duplicate_id::DUPLICATE_ID
        "two wizard items share an id";
    "WIZ102" "non-negative-id" wizard Warning non_negative_id::NON_NEGATIVE_ID
        "resource type or service template id is not negative";
    "WIZ110" "unknown-resource-class" wizard Error unknown_resource_class::UNKNOWN_RESOURCE_CLASS
        "resource class is not one the platform knows";
    "WIZ111" "resource-type-name-too-long" wizard Error name_too_long::NAME_TOO_LONG
        "resource type name is longer than 60 characters";
    "WIZ112" "act-params-mismatch" wizard Error act_params::ACT_PARAMS_MISMATCH
        "activation parameters do not fit the resource class";
    "WIZ113" "unknown-service" wizard Error unknown_service::UNKNOWN_SERVICE
        "`service_id` is not a service of APP-META.xml";
    "WIZ114" "unknown-counter" wizard Error unknown_counter::UNKNOWN_COUNTER
        "`resource_id` is not a counter property of the service's type";
    "WIZ115" "counter-unit-mismatch" wizard Error counter_unit::COUNTER_UNIT_MISMATCH
        "counter unit does not fit the resource class";
    "WIZ116" "link-type-mismatch" wizard Error link_type::LINK_TYPE_MISMATCH
        "`rtfor` does not match the linked resource's type";
    "WIZ117" "auto-provisioning" wizard Warning auto_provisioning::AUTO_PROVISIONING
        "not exactly one auto-provisioned `rc.saas.service` resource type";
    "WIZ118" "app-reference" wizard Warning app_reference::APP_REFERENCE
        "application reference resource type missing or not required";
    "WIZ120" "dangling-wizard-reference" wizard Error dangling_reference::DANGLING_REFERENCE
        "reference to a wizard item that does not exist";
    "WIZ121" "wizard-reference-cycle" wizard Error reference_cycle::REFERENCE_CYCLE
        "wizard resources relate to each other in a cycle";
    "WIZ130" "duplicate-template-entry" wizard Error duplicate_template_entry::DUPLICATE_TEMPLATE_ENTRY
        "resource type listed twice in the service template";
    "WIZ131" "required-not-in-template" wizard Error required_not_in_template::REQUIRED_NOT_IN_TEMPLATE
        "required resource type missing from the service template";
    "WIZ132" "invalid-limit" wizard Error invalid_limit::INVALID_LIMIT
        "service template limit is not a non-negative integer";
    "WIZ133" "unlimited-with-limit" wizard Warning unlimited_with_limit::UNLIMITED_WITH_LIMIT
        "unlimited resource with a non-zero limit";
    "WIZ134" "resource-type-not-in-template" wizard Warning not_in_template::NOT_IN_TEMPLATE
        "resource type is in no service template";
    "WIZ140" "wrong-profile-type" wizard Error profile_type::PROFILE_TYPE
        "wizard resource `type` is not the standard profile type";
    "WIZ141" "unknown-aps-type" wizard Error unknown_aps_type::UNKNOWN_APS_TYPE
        "`apsType` is not a profile type of the package";
    "WIZ142" "unknown-profile-field" wizard Error unknown_field::UNKNOWN_FIELD
        "`fields` key is not a property of the resource's type";
    "WIZ143" "profile-field-type-mismatch" wizard Error field_type::FIELD_TYPE_MISMATCH
        "`fields` value does not have the property's type";
    "WIZ144" "unknown-profile-relation" wizard Error unknown_relation::UNKNOWN_RELATION
        "`relations` key is not a relation of the resource's type";
    "WIZ145" "incompatible-relation-target" wizard Error relation_target::RELATION_TARGET_TYPE
        "relation points at a resource of an incompatible type";
    "WIZ150" "app-id-not-root-type" wizard Error app_id::APP_ID
        "`appId` is not the application's root type";
    "WIZ151" "missing-init-wizard" wizard Warning init_wizard::INIT_WIZARD
        "root type does not offer the initialization wizard";
    "WIZ152" "unknown-configurable-property" wizard Error configurable_property::CONFIGURABLE_PROPERTY
        "configurable property is not a property of the root type";
    "WIZ190" "types-defined-in-php" wizard Info php_types::TYPES_DEFINED_IN_PHP
        "checks skipped: service types are defined in PHP and unknown";
}

/// The semantic rules in the order they run (the structural check runs before them).
pub(crate) fn run_all(cx: &mut Cx<'_, '_>) {
    duplicate_id::check(cx);
    non_negative_id::check(cx);
    unknown_resource_class::check(cx);
    name_too_long::check(cx);
    act_params::check(cx);
    unknown_service::check(cx);
    unknown_counter::check(cx);
    link_type::check(cx);
    auto_provisioning::check(cx);
    app_reference::check(cx);
    dangling_reference::check(cx);
    reference_cycle::check(cx);
    duplicate_template_entry::check(cx);
    required_not_in_template::check(cx);
    invalid_limit::check(cx);
    unlimited_with_limit::check(cx);
    not_in_template::check(cx);
    profile_type::check(cx);
    unknown_aps_type::check(cx);
    unknown_field::check(cx);
    unknown_relation::check(cx);
    app_id::check(cx);
    init_wizard::check(cx);
    configurable_property::check(cx);
}
