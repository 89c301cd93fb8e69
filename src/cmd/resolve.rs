//! `aps-pack resolve WIZARD.json`: the resolved reference graph of wizard
//! data (text, JSON of a documented shape, or Graphviz DOT), or with
//! `--bind` the wizard data as the platform would import it, placeholders
//! substituted.
//!
//! The package (for service types, counters and the root type) is
//! `--package DIR`, else the folder holding APP-META.xml above the file, else
//! `[package] root` of aps-pack.toml; without one the references that need
//! it are `unchecked`. Reference errors (dangling references, cycles,
//! ambiguous ids) go to stderr and make the exit code 1.

use crate::config;
use crate::output::DiagArgs;
use crate::{CliError, Ctx};
use aps_diag::{Diagnostic, HumanOptions, Severity};
use aps_model::{DirSource, Package, PackageSource};
use aps_wizard::{Bindings, PackageContext};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// A readable outline.
    Text,
    /// The graph as JSON (shape documented in docs/guides/wizard.md).
    Json,
    /// Graphviz DOT (`| dot -Tsvg > wizard.svg`).
    Dot,
}

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The wizard data file, e.g. scripts/wizard_data.json.
    pub file: PathBuf,
    /// The package the file belongs to (default: the folder holding APP-META.xml above the file).
    #[arg(long, value_name = "DIR")]
    pub package: Option<PathBuf>,
    /// Resolve without any package, even when one is found.
    #[arg(long, conflicts_with = "package")]
    pub no_package: bool,
    /// Output format of the graph [default: text; json with --bind].
    #[arg(long, value_enum)]
    pub format: Option<GraphFormat>,
    /// Print the wizard data with placeholders substituted instead of the graph:
    /// idglobals=UUID, idOAID=N, base=N (numbers the negative ids), or
    /// WIZARD-RESOURCE-ID=UUID. Repeatable.
    #[arg(long = "bind", value_name = "NAME=VALUE")]
    pub binds: Vec<String>,
    /// Write the output to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Configuration file (default: aps-pack.toml found from FILE upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Resolve again whenever the file or its package changes, on a cleared screen, until interrupted (Ctrl-C).
    #[arg(long)]
    pub watch: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    if args.watch {
        let paths = [args.package.clone().unwrap_or_else(|| args.file.clone())];
        let once = Args { watch: false, ..args };
        return crate::watch::run_watching(&paths, ctx, || run(once.clone(), ctx));
    }
    if !args.binds.is_empty() && matches!(args.format, Some(GraphFormat::Text | GraphFormat::Dot)) {
        return Err(CliError::new("--bind prints the instantiated wizard data, which is JSON")
            .with_help("drop --format, or use --format json"));
    }
    let (loaded, config_diags) = config::load(args.config.as_deref(), &args.file)?;
    let overrides = DiagArgs::default().overrides(&loaded.rule_levels())?;
    let display = path_display(&args.file);
    let bytes = read_input(&args.file, &display)?;
    let (file, parsed) = aps_json::parse_bytes(&display, bytes, &aps_json::Options::default());
    let mut problems: Vec<Diagnostic> = config_diags;
    problems.extend(parsed.diagnostics);
    let Some(value) = parsed.value else {
        report(ctx, overrides.apply(problems));
        return Ok(ExitCode::from(1));
    };

    let package = if args.no_package { None } else { find_package(&args, &loaded, ctx)? };
    if let Some(pkg) = &package {
        ctx.detail(format!("package: {}", pkg.source.display_root()));
    } else {
        ctx.detail("no package: service, counter and root type references stay unchecked");
    }
    let pkg_ctx = package.as_ref().map(|p| p as &dyn PackageContext);

    let graph = aps_wizard::resolve(&file, &value, pkg_ctx);
    problems.extend(graph.diagnostics.iter().cloned());
    let problems = overrides.apply(problems);

    let text = if args.binds.is_empty() {
        match args.format.unwrap_or(GraphFormat::Text) {
            GraphFormat::Text => graph.to_text(),
            GraphFormat::Json => graph.to_json(),
            GraphFormat::Dot => graph.to_dot(),
        }
    } else {
        let bindings = Bindings::parse(&args.binds, &value).map_err(|e| {
            let mut err = CliError::new(format!("--bind: {}", e.message));
            err.help = e.help;
            err
        })?;
        let instance = aps_wizard::instantiate(&value, &bindings);
        if !instance.unrepresentable.is_empty() {
            // The instantiated JSON would carry them rounded or as `null`:
            // nothing is written, the findings say which numbers.
            ctx.status(format!(
                "error: not writing the wizard data: cannot carry {} exactly",
                instance.unrepresentable.join(", ")
            ));
            report(ctx, problems);
            return Ok(ExitCode::from(1));
        }
        if !instance.unbound.is_empty() {
            ctx.status(format!("note: left as placeholders (not bound): {}", instance.unbound.join(", ")));
        }
        let mut s = serde_json::to_string_pretty(&instance.value)
            .map_err(|e| CliError::new(format!("cannot serialize the wizard data: {e}")))?;
        s.push('\n');
        s
    };
    write_output(args.output.as_deref(), &text)?;
    let failed = problems.iter().any(|d| d.severity == Severity::Error);
    report(ctx, problems);
    Ok(ExitCode::from(if failed { 1 } else { 0 }))
}

fn read_input(path: &Path, display: &str) -> Result<Vec<u8>, CliError> {
    crate::output::expect_path(
        path,
        crate::output::PathKind::File,
        "the wizard data file, e.g. scripts/wizard_data.json",
    )?;
    aps_json::read_limited(path, display).map_err(|d| {
        let err = CliError::new(format!("{display}: {}", d.message));
        match d.help {
            Some(h) => err.with_help(h),
            None => err,
        }
    })
}

/// `--package`, else the package folder above the file, else `[package] root` of the config.
fn find_package(args: &Args, loaded: &config::Loaded, ctx: &Ctx) -> Result<Option<Package>, CliError> {
    let root = match &args.package {
        Some(dir) => {
            if !dir.join(aps_model::APP_META).is_file() {
                return Err(CliError::new(format!("--package {}: no APP-META.xml there", dir.display()))
                    .with_help("name the folder that holds the package's APP-META.xml"));
            }
            Some(dir.clone())
        }
        None => aps_model::find_package_root(&args.file).or_else(|| {
            loaded
                .config
                .package
                .root
                .as_deref()
                .map(|r| loaded.resolve(r))
                .filter(|d| d.join(aps_model::APP_META).is_file())
        }),
    };
    let Some(root) = root else { return Ok(None) };
    let source: Arc<dyn PackageSource> = Arc::new(DirSource::new(&root, path_display(&root)));
    let (pkg, diags) = crate::pipeline::load_package(source);
    if pkg.is_none() {
        let why = diags.first().map(|d| d.message.clone()).unwrap_or_else(|| "unreadable".into());
        ctx.status(format!(
            "warning: the package at {} cannot be loaded ({why}); resolving without it",
            path_display(&root)
        ));
    }
    Ok(pkg)
}

fn report(ctx: &Ctx, diags: Vec<Diagnostic>) {
    if diags.is_empty() {
        return;
    }
    let mut diags = diags;
    aps_diag::sort_diagnostics(&mut diags);
    let opts = HumanOptions {
        color: ctx.color && ctx.stderr_is_tty,
        unicode: true,
        width: 100,
        summary: !ctx.quiet,
    };
    let _ = std::io::stderr().write_all(aps_diag::render_human(&diags, &opts).as_bytes());
}

/// Stdout, or a temporary file in the target's folder renamed into place.
fn write_output(path: Option<&Path>, text: &str) -> Result<(), CliError> {
    let Some(path) = path else {
        crate::output::print_stdout(text);
        return Ok(());
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // As `build -o` does: a missing output folder is created, not an error.
    std::fs::create_dir_all(&dir)
        .map_err(|e| CliError::new(format!("cannot create the folder {}: {e}", dir.display())))?;
    aps_diag::atomic::write(path, text.as_bytes(), None, false)
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", path.display())))
}

fn path_display(path: &Path) -> String {
    let s = aps_diag::display_path(path);
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}
