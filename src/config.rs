//! `aps-pack.toml`, loaded by `aps-config` against this binary's rule registry.

pub use aps_config::{
    find, rules, schema_json, BuildConfig, Config, LintConfig, Loaded, PackageConfig, RuleLevel, RuleLevels,
    SignConfig, ZstackConfig, FILE_NAME,
};
use aps_diag::Diagnostic;
use std::path::Path;

/// Load `explicit` or the file found from `start`; a missing file gives the defaults.
/// Problems come back as diagnostics (the defaults are used for what could not be read).
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<(Loaded, Vec<Diagnostic>), std::io::Error> {
    aps_config::load(explicit, start, crate::registry())
}

/// Read an `aps-pack.toml` text (an editor's unsaved one, say), checking it against this binary's rules.
pub fn parse(file: &std::sync::Arc<aps_diag::SourceFile>, diags: &mut Vec<Diagnostic>) -> Config {
    aps_config::parse(file, crate::registry(), diags)
}
