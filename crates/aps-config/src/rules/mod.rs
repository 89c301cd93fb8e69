//! The rules of `aps-pack.toml`, one per file: each file holds a rule's declaration (its doc
//! comment is its documentation), its typed violation and, for the key checks, the check.

mod config_invalid;
pub(crate) mod config_unknown_key;
pub(crate) mod config_unknown_rule;

pub use config_invalid::{ConfigInvalid, CONFIG_INVALID};
pub use config_unknown_key::{ConfigUnknownKey, CONFIG_UNKNOWN_KEY};
pub use config_unknown_rule::{ConfigUnknownRule, ConfigUnknownSelector, CONFIG_UNKNOWN_RULE};

/// The rules of this crate.
pub static ALL: &[&aps_diag::Rule] = &[&CONFIG_INVALID, &CONFIG_UNKNOWN_KEY, &CONFIG_UNKNOWN_RULE];
