//! `aps-pack build [DIR]`: lint the package, then write a reproducible (and
//! optionally signed) `<name>-<version>-<release>.app.zip`.

use super::sign::SignArgs;
use crate::config::{self, Loaded};
use crate::output::DiagArgs;
use crate::pipeline::{self, PackageLintOptions};
use crate::{CliError, Ctx};
use aps_archive::build::{BuildError, BuildOptions, Output};
use aps_archive::select::SelectOptions;
use aps_archive::time::BuildTime;
use aps_diag::Diagnostic;
use aps_model::DirSource;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The package folder (holding APP-META.xml). Default: `[package] root` of aps-pack.toml, else the current folder.
    pub dir: Option<PathBuf>,
    /// Write the archive to exactly this file.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Write `<name>-<version>-<release>.app.zip` into this folder. Default: `[build] out-dir`, else the current folder.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    #[command(flatten)]
    pub sign: SignArgs,
    /// Do not sign, even if aps-pack.toml configures a key.
    #[arg(long, conflicts_with_all = ["sign_pfx", "sign_key"])]
    pub no_sign: bool,
    /// Configuration file (default: aps-pack.toml found from DIR upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// The lint step of a build: the same checks as `aps-pack lint DIR`.
pub fn lint_step(dir: &Path, loaded: &Loaded) -> Vec<Diagnostic> {
    let source = Arc::new(DirSource::from_path(dir));
    let opts = PackageLintOptions { wizard: loaded.config.package.wizard.as_deref(), previous: None };
    pipeline::lint_package(source, &opts).diagnostics
}

fn package_dir(args: &Args, loaded: &Loaded) -> PathBuf {
    if let Some(dir) = &args.dir {
        return dir.clone();
    }
    match &loaded.config.package.root {
        Some(root) => loaded.resolve(root),
        None => loaded.base_dir().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".")),
    }
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let start = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let (loaded, mut diags) = config::load(args.config.as_deref(), &start)?;
    let overrides = args.diag.overrides(&loaded.rule_levels())?;
    let dir = package_dir(&args, &loaded);
    let fail = |diags: Vec<Diagnostic>, ctx: &Ctx| -> ExitCode {
        let code = args.diag.emit(ctx, diags);
        if code == ExitCode::SUCCESS {
            ExitCode::from(1)
        } else {
            code
        }
    };
    if args.diag.has_errors(&overrides.apply(diags.clone())) {
        ctx.status("build stopped: aps-pack.toml has errors");
        return Ok(fail(overrides.apply(diags), ctx));
    }
    if !dir.is_dir() {
        return Err(CliError::new(format!("{}: not a folder", dir.display()))
            .with_help("pass the package folder (the one holding APP-META.xml)"));
    }
    let time = BuildTime::from_env().map_err(CliError::new)?;
    let signers: Vec<_> = if args.no_sign { None } else { args.sign.load(&loaded)? }.into_iter().collect();

    ctx.detail(format_args!("linting {}", dir.display()));
    diags.extend(lint_step(&dir, &loaded));
    let diags_now = overrides.apply(diags);
    if args.diag.has_errors(&diags_now) {
        let errors = diags_now.iter().filter(|d| d.severity == aps_diag::Severity::Error).count();
        ctx.status(format_args!("build stopped: the package has {errors} error(s)"));
        return Ok(fail(diags_now, ctx));
    }
    let mut diags = diags_now;

    let output = match (&args.output, &args.out_dir, &loaded.config.build.out_dir) {
        (Some(file), _, _) => Output::File(file.clone()),
        (None, Some(out), _) => Output::Dir(out.clone()),
        (None, None, Some(out)) => Output::Dir(loaded.resolve(out)),
        (None, None, None) => Output::Dir(PathBuf::from(".")),
    };
    let opts = BuildOptions {
        root: dir.clone(),
        output,
        select: SelectOptions {
            include: loaded.config.build.include.clone(),
            exclude: loaded.config.build.exclude.clone(),
        },
        time,
    };
    let progress = crate::progress::for_ctx(ctx);
    match aps_archive::build::build(&opts, &signers, progress.as_ref()) {
        Ok(outcome) => {
            let signed = match signers.first() {
                Some(s) => format!(", signed by `{}`", s.subject),
                None => String::new(),
            };
            ctx.status(format_args!(
                "built {} ({} files, {} → {}{signed})",
                outcome.path.display(),
                outcome.files,
                aps_archive::inspect::human_bytes(outcome.content_bytes),
                aps_archive::inspect::human_bytes(outcome.archive_bytes),
            ));
            diags.extend(outcome.diagnostics);
            Ok(args.diag.emit(ctx, overrides.apply(diags)))
        }
        Err(BuildError::Findings(found)) => {
            diags.extend(found);
            let diags = overrides.apply(diags);
            let errors = diags.iter().filter(|d| d.severity == aps_diag::Severity::Error).count();
            ctx.status(format_args!("build stopped: {errors} error(s) in the package folder"));
            Ok(fail(diags, ctx))
        }
        Err(BuildError::Failed(message)) => Err(CliError::new(format!("build failed: {message}"))),
    }
}
