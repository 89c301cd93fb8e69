//! `aps-pack diff OLD NEW`: what changed between two versions of a package,
//! and whether installed copies of OLD can be upgraded to NEW.

use crate::config;
use crate::output::{DiagArgs, FormatArg};
use crate::{CliError, Ctx};
use aps_diag::{Diagnostic, HumanOptions, Severity};
use aps_upgrade::open::{open_package, Opened};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The previous version: a package folder, its APP-META.xml, or an `.app.zip`.
    pub old: PathBuf,
    /// The new version: a package folder, its APP-META.xml, or an `.app.zip`.
    pub new: PathBuf,
    /// Configuration file (default: aps-pack.toml found from NEW upwards): `[rules]` levels,
    /// `[lint] deny-warnings`, `[package] wizard`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// `human` and `json` print the whole report; `sarif` and `github` only the upgrade findings.
    #[command(flatten)]
    pub diag: DiagArgs,
}

fn open(path: &Path, ctx: &Ctx) -> Result<Opened, CliError> {
    ctx.detail(format!("reading {}", path.display()));
    Ok(open_package(path)?)
}

/// Problems met while loading a side that make the comparison incomplete
/// (a schema that does not parse leaves its type out). Warnings about the
/// packages themselves are `lint`'s business.
fn load_errors(diags: Vec<Diagnostic>) -> impl Iterator<Item = Diagnostic> {
    diags.into_iter().filter(|d| d.severity == Severity::Error)
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let (loaded, config_problems) = config::load(args.config.as_deref(), &args.new)?;
    let overrides = args.diag.overrides(&loaded.rule_levels())?;
    let mut diag_args = args.diag.clone();
    diag_args.deny_warnings |= loaded.config.lint.deny_warnings;
    let (old, new) = (open(&args.old, ctx)?, open(&args.new, ctx)?);
    let mut problems: Vec<Diagnostic> = config_problems;
    problems.extend(load_errors(old.diagnostics).chain(load_errors(new.diagnostics)));
    let (Some(old_pkg), Some(new_pkg)) = (old.package, new.package) else {
        // Without both APP-META.xml files there is nothing to compare; say why.
        ctx.status("cannot compare: a package could not be loaded");
        return Ok(diag_args.emit(ctx, overrides.apply(problems)));
    };
    let opts = aps_upgrade::Options { wizard: loaded.config.package.wizard.as_deref() };
    let mut report = aps_upgrade::diff_with(&old_pkg, &new_pkg, &opts);
    problems.append(&mut report.diagnostics);
    let mut diags = overrides.apply(problems);
    aps_diag::sort_diagnostics(&mut diags);
    report.summary.findings = aps_diag::Summary::of(&diags);
    report.diagnostics = diags;

    // The report is the human and JSON form; SARIF, annotations and statistics are about
    // the findings alone, written as every command writes them.
    let statistics = diag_args.statistics;
    let report_form = |format: FormatArg, terminal: bool| match format {
        FormatArg::Human if !statistics => Some(aps_upgrade::render_human(
            &report,
            &aps_upgrade::HumanReportOptions {
                color: ctx.color && terminal,
                diagnostics: HumanOptions {
                    color: ctx.color && terminal,
                    unicode: true,
                    width: 100,
                    summary: !ctx.quiet,
                },
            },
        )),
        FormatArg::Json if !statistics => Some(aps_upgrade::render_json(&report)),
        _ => None,
    };
    Ok(diag_args.emit_custom(ctx, report.diagnostics.clone(), None, &report_form))
}
