//! `aps-pack schema gen [DIR] [--check]`: the `schemas/<service>.schema.gen`
//! files `aps build` would generate from the PHP annotations, written to the
//! package folder (or, with `--check`, compared with the committed ones).

use crate::config;
use crate::output::DiagArgs;
use crate::{CliError, Ctx};
use aps_model::{DirSource, PackageSource};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Subcommand)]
pub enum SchemaCommand {
    /// Generate `schemas/<service>.schema.gen` from PHP annotations.
    Gen(GenArgs),
}

#[derive(Debug, clap::Args)]
pub struct GenArgs {
    /// The package folder, or a path inside it (default: the current folder).
    pub dir: Option<PathBuf>,
    /// Write nothing; report committed `.schema.gen` files that are missing or differ from what the
    /// PHP generates (exit 1).
    #[arg(long)]
    pub check: bool,
    /// Configuration file (default: aps-pack.toml found from DIR upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

pub fn run(cmd: SchemaCommand, ctx: &Ctx) -> Result<ExitCode, CliError> {
    match cmd {
        SchemaCommand::Gen(args) => gen(args, ctx),
    }
}

fn gen(args: GenArgs, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let start = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let root = crate::output::package_root_from(&start)?;
    let (loaded, mut diags) = config::load(args.config.as_deref(), &root)?;
    let overrides = args.diag.overrides(&loaded.rule_levels())?;

    let display_root = aps_diag::display_path(&root);
    let source: Arc<dyn PackageSource> = Arc::new(DirSource::new(&root, display_root));
    let (pkg, load_diags) = aps_model::load_package(source.clone());
    diags.extend(load_diags);
    let Some(pkg) = pkg else {
        return Ok(args.diag.emit(ctx, overrides.apply(diags)));
    };
    let (generated, gen_diags) = aps_php::generate_for_package(source.as_ref(), &pkg.meta);
    diags.extend(gen_diags);
    if generated.is_empty() && !pkg.meta.services.iter().any(aps_php::is_generated_service) {
        ctx.status("no service takes its schema from PHP annotations: nothing to generate");
    }

    if args.check {
        let drift = aps_php::check_drift(source.as_ref(), &generated);
        if drift.is_empty() && !generated.is_empty() {
            ctx.status(format!("{} generated schema(s) up to date", generated.len()));
        }
        diags.extend(drift);
    } else {
        let mut written = 0;
        for g in &generated {
            let target = root.join(&g.path);
            let display = source.display_path(&g.path);
            if std::fs::read(&target).is_ok_and(|old| old == g.text.as_bytes()) {
                ctx.detail(format!("{display}: up to date"));
                continue;
            }
            write_atomically(&target, g.text.as_bytes())
                .map_err(|e| CliError::new(format!("{display}: cannot write: {e}")))?;
            ctx.status(format!("wrote {display} (from {})", g.source_file));
            written += 1;
        }
        if written == 0 && !generated.is_empty() {
            ctx.status(format!("{} generated schema(s) already up to date", generated.len()));
        }
    }
    Ok(args.diag.emit(ctx, overrides.apply(diags)))
}

/// Write through a temporary file in the same folder, renamed into place, so
/// a failure never leaves a half-written schema.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    aps_diag::atomic::write(target, bytes, None, true)
}
