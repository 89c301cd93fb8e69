//! `aps-pack server`: the language server on stdin/stdout (`crates/aps-lsp`), checking
//! with the same pipeline and severity configuration as `lint`.

use crate::config;
use crate::output::DiagArgs;
use crate::pipeline::{self, PackageLintOptions};
use crate::{CliError, Ctx};
use aps_diag::Diagnostic;
use aps_lsp::Checked;
use aps_model::PackageSource;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Talk the Language Server Protocol on stdin/stdout (the only transport; accepted
    /// because editors pass it).
    #[arg(long)]
    pub stdio: bool,
    /// Milliseconds without changes before a package is checked again.
    #[arg(long, value_name = "MS", default_value_t = 30)]
    pub debounce: u64,
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<ExitCode, CliError> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let opts = aps_lsp::Options {
        debounce: std::time::Duration::from_millis(args.debounce),
        docs_url: rule_docs_page().unwrap_or_default(),
    };
    let served = aps_lsp::run(connection, &PipelineChecker, opts);
    // The client closed stdin, or said exit: the reader and writer threads end with it.
    let joined = io_threads.join();
    served.map_err(|e| CliError::new(format!("language server: {e}")))?;
    joined.map_err(|e| CliError::new(format!("language server: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// A `file://` address of this version's rule documentation (the text of `docs/rules.md`),
/// written once to the user's cache folder: editors open it from a finding's code, offline
/// and always matching the binary that reported it. None when no cache folder is writable
/// (findings are then sent without a link; hover still shows the documentation).
fn rule_docs_page() -> Option<String> {
    let cache =
        std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()).map(std::path::PathBuf::from).or_else(
            || std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| Path::new(&h).join(".cache")),
        )?;
    let dir = cache.join("aps-pack").join(env!("CARGO_PKG_VERSION"));
    let page = dir.join("rules.md");
    let text = crate::registry().to_markdown();
    if std::fs::read(&page).ok().as_deref() != Some(text.as_bytes()) {
        std::fs::create_dir_all(&dir).ok()?;
        aps_diag::atomic::write(&page, text.as_bytes(), None, false).ok()?;
    }
    let absolute = std::fs::canonicalize(&page).ok()?;
    aps_lsp::file_uri(&absolute).map(|uri| uri.as_str().to_string())
}

/// The lint pipeline with the user's aps-pack.toml, as `lint` runs it.
struct PipelineChecker;

/// The configuration in effect at `start` and its severity overrides; a configuration
/// that cannot be read checks with the defaults (its own findings are shown on it).
fn configuration(start: &Path) -> (config::Loaded, aps_diag::SeverityOverrides) {
    let loaded = config::load(None, start).map(|(l, _)| l).unwrap_or_default();
    let overrides = DiagArgs::default().overrides(&loaded.rule_levels()).unwrap_or_default();
    (loaded, overrides)
}

impl aps_lsp::Checker for PipelineChecker {
    fn check_package(&self, root: &Path, source: Arc<dyn PackageSource>) -> Checked {
        let (loaded, overrides) = configuration(root);
        let result = pipeline::lint_package(
            source.clone(),
            &PackageLintOptions { wizard: loaded.config.package.wizard.as_deref(), ..Default::default() },
        );
        let mut diags = result.diagnostics;
        // The package's own aps-pack.toml, as the editor shows it.
        if source.exists(config::FILE_NAME) {
            match aps_model::source::read_source_file(
                source.as_ref(),
                config::FILE_NAME,
                aps_json::MAX_SOURCE_BYTES,
            ) {
                Ok((file, mut found)) => {
                    config::parse(&file, &mut found);
                    diags.append(&mut found);
                }
                Err(d) => diags.push(*d),
            }
        }
        // Suppressions as `lint` applies them, unused and unreadable ones shown.
        if let Ok(mut suppress) = crate::suppress::Suppressions::from_config(&loaded) {
            if let Some(pkg) = &result.package {
                suppress.read_package(pkg);
            }
            diags = suppress.filter(diags);
            diags.extend(suppress.report());
        }
        Checked { package: result.package, diagnostics: overrides.apply(diags) }
    }

    fn check_file(&self, path: &Path, text: &str) -> Vec<Diagnostic> {
        let display = aps_diag::display_path(path);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let bytes = text.as_bytes().to_vec();
        let (_, overrides) = configuration(path);
        let parent = path.parent().unwrap_or(Path::new("."));
        let diags = if name == config::FILE_NAME {
            let (file, mut diags) = aps_json::load_source(&display, bytes);
            config::parse(&file, &mut diags);
            diags
        } else if aps_zstack::is_app_dir(parent) {
            // The ZStack checks read the folder from disk: they see saved files.
            let opts = aps_zstack::LintOptions::default();
            aps_zstack::lint_app_dir(parent, &aps_diag::display_path(parent), &opts)
        } else if name == aps_model::APP_META {
            lone(&display, bytes, aps_model::lint_app_meta)
        } else if name.ends_with(".schema") || name.ends_with(".schema.gen") {
            lone(&display, bytes, aps_model::lint_schema_file)
        } else if name.ends_with(".json") {
            let (_, parsed) = aps_json::parse_bytes(
                &display,
                bytes.clone(),
                &aps_json::Options { comments: true, ..Default::default() },
            );
            match parsed.value {
                Some(v) if aps_wizard::is_wizard_file(path, &v) => {
                    pipeline::lint_wizard_bytes(&display, bytes, None).1
                }
                Some(v) if v.get("apsVersion").is_some() && v.get("implements").is_some() => {
                    lone(&display, bytes, aps_model::lint_schema_file)
                }
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        overrides.apply(diags)
    }
}

fn lone(
    display: &str,
    bytes: Vec<u8>,
    check: impl Fn(&Arc<aps_diag::SourceFile>) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let (file, mut diags) = aps_json::load_source(display, bytes);
    diags.extend(check(&file));
    diags
}
