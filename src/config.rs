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

/// The files the configuration names that a package folder at `root` may hold but never
/// ships (`/`-separated from `root`, with what each is): `[lint] baseline`.
pub fn tool_files(loaded: &Loaded, root: &Path) -> Vec<(String, String)> {
    let Some(baseline) = loaded.config.lint.baseline.as_deref() else { return Vec::new() };
    let full = loaded.resolve(baseline);
    let canonical = |p: &Path| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::canonicalize(parent).ok().zip(p.file_name()).map(|(dir, name)| dir.join(name))
    };
    let (Some(full), Ok(root)) = (canonical(&full), std::fs::canonicalize(root)) else { return Vec::new() };
    match full.strip_prefix(&root) {
        Ok(rel) => vec![(
            aps_diag::display_path(rel),
            "the lint baseline, `[lint] baseline` in aps-pack.toml".to_string(),
        )],
        Err(_) => Vec::new(),
    }
}
