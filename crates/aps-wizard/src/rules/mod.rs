//! The rules this crate reports, one per file; each file's `rule!`
//! doc comment is the rule's documentation and its `check` the logic.

use crate::lint::Cx;

pub mod act_params;
pub mod app_id;
pub mod app_reference;
pub mod auto_provisioning;
pub mod configurable_property;
pub mod counter_unit;
pub mod dangling_reference;
pub mod duplicate_id;
pub mod duplicate_template_entry;
pub mod field_type;
pub mod init_wizard;
pub mod invalid_limit;
pub mod link_type;
pub mod name_too_long;
pub mod non_negative_id;
pub mod not_in_template;
pub mod php_types;
pub mod profile_type;
pub mod reference_cycle;
pub mod relation_target;
pub mod required_not_in_template;
pub mod schema_mismatch;
pub mod unknown_aps_type;
pub mod unknown_counter;
pub mod unknown_field;
pub mod unknown_key;
pub mod unknown_relation;
pub mod unknown_resource_class;
pub mod unknown_service;
pub mod unlimited_with_limit;

/// Every rule of this crate, by code.
pub static ALL: &[&aps_diag::Rule] = &[
    &schema_mismatch::SCHEMA_MISMATCH,
    &unknown_key::UNKNOWN_KEY,
    &duplicate_id::DUPLICATE_ID,
    &non_negative_id::NON_NEGATIVE_ID,
    &unknown_resource_class::UNKNOWN_RESOURCE_CLASS,
    &name_too_long::NAME_TOO_LONG,
    &act_params::ACT_PARAMS_MISMATCH,
    &unknown_service::UNKNOWN_SERVICE,
    &unknown_counter::UNKNOWN_COUNTER,
    &counter_unit::COUNTER_UNIT_MISMATCH,
    &link_type::LINK_TYPE_MISMATCH,
    &auto_provisioning::AUTO_PROVISIONING,
    &app_reference::APP_REFERENCE,
    &dangling_reference::DANGLING_REFERENCE,
    &reference_cycle::REFERENCE_CYCLE,
    &duplicate_template_entry::DUPLICATE_TEMPLATE_ENTRY,
    &required_not_in_template::REQUIRED_NOT_IN_TEMPLATE,
    &invalid_limit::INVALID_LIMIT,
    &unlimited_with_limit::UNLIMITED_WITH_LIMIT,
    &not_in_template::NOT_IN_TEMPLATE,
    &profile_type::PROFILE_TYPE,
    &unknown_aps_type::UNKNOWN_APS_TYPE,
    &unknown_field::UNKNOWN_FIELD,
    &field_type::FIELD_TYPE_MISMATCH,
    &unknown_relation::UNKNOWN_RELATION,
    &relation_target::RELATION_TARGET_TYPE,
    &app_id::APP_ID,
    &init_wizard::INIT_WIZARD,
    &configurable_property::CONFIGURABLE_PROPERTY,
    &php_types::TYPES_DEFINED_IN_PHP,
];

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
