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

/// Every `[lint.per-file-ignores]` glob compiles; the first that does not is a usage error
/// placed at its key.
pub fn check_per_file_globs(loaded: &Loaded) -> Result<(), crate::CliError> {
    for pattern in loaded.config.lint.per_file_ignores.keys() {
        let Err(e) = globset::GlobBuilder::new(pattern).literal_separator(true).build() else { continue };
        let at = loaded.file.as_ref().map(|file| {
            let place = aps_config::key_span(file, &["lint", "per-file-ignores", pattern])
                .map(|span| file.line_col(span.start))
                .map(|lc| format!(":{}:{}", lc.line, lc.column))
                .unwrap_or_default();
            format!("{}{place}", file.path())
        });
        let at = at.unwrap_or_else(|| FILE_NAME.to_string());
        return Err(crate::CliError::new(format!(
            "{at}: [lint.per-file-ignores] \"{pattern}\" is not a valid glob: {}",
            e.kind()
        ))
        .with_help("write a glob such as \"schemas/*.schema\" or \"**/APP-META.xml\" (escape a literal `[` as `[[]`)"));
    }
    Ok(())
}
