//! The rules of `aps-pack.toml`.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

aps_diag::rules! {
    "CFG001" "config-invalid" config Error config_invalid::CONFIG_INVALID
        "aps-pack.toml cannot be read";
    "CFG002" "config-unknown-key" config Warning config_unknown_key::CONFIG_UNKNOWN_KEY
        "unknown key in aps-pack.toml";
    "CFG003" "config-unknown-rule" config Error config_unknown_rule::CONFIG_UNKNOWN_RULE
        "unknown rule in aps-pack.toml";
}

pub use config_invalid::ConfigInvalid;
pub use config_unknown_key::ConfigUnknownKey;
pub use config_unknown_rule::ConfigUnknownRule;
pub use config_unknown_rule::ConfigUnknownSelector;
