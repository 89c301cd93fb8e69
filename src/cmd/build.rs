//! `aps-pack build [DIR]`: lint the package, then write a reproducible (and
//! optionally signed) `<name>-<version>-<release>.app.zip`.

use super::sign::SignArgs;
use crate::config::{self, Loaded};
use crate::output::{DiagArgs, Findings};
use crate::pipeline::{self, PackageLintOptions};
use crate::{CliError, Ctx};
use aps_archive::build::{BuildError, BuildOptions, GeneratedFile, Output};
use aps_archive::select::SelectOptions;
use aps_archive::time::BuildTime;
use aps_diag::{Diagnostic, Severity};
use aps_model::DirSource;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The package folder (holding APP-META.xml), or a folder of packages: each one below it is built. Default: `[package] root` of aps-pack.toml, else the current folder.
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
    /// Print the files that would go into the archive and stop (with `--verbose`, also what is
    /// left out and why).
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// The lint step of a build: the same checks as `aps-pack lint DIR`.
pub fn lint_step(dir: &Path, loaded: &Loaded) -> pipeline::PackageLint {
    let source = Arc::new(DirSource::from_path(dir));
    let opts = PackageLintOptions { wizard: loaded.config.package.wizard.as_deref(), ..Default::default() };
    pipeline::lint_package(source, &opts)
}

/// The package a command works on: the folder given, else `[package] root` of aps-pack.toml,
/// else the configuration's folder.
pub(crate) fn package_dir(dir: Option<&Path>, loaded: &Loaded) -> PathBuf {
    if let Some(dir) = dir {
        return dir.to_path_buf();
    }
    match &loaded.config.package.root {
        Some(root) => loaded.resolve(root),
        None => loaded.base_dir().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".")),
    }
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    if let Some(dir) = args.dir.as_deref().filter(|d| d.is_dir() && !d.join(aps_model::APP_META).is_file()) {
        let found = crate::discover::discover(dir);
        if !found.packages.is_empty() {
            return build_each(dir, found, &args, ctx);
        }
    }
    Ok(match build_one(args, ctx, &mut Claimed::new())? {
        Built::Listed => ExitCode::SUCCESS,
        // "built …" already said it all; "no problems found" after it reads oddly.
        Built::Made { findings, .. } if findings.is_empty() && findings.only_human_on_stdout() => {
            ExitCode::SUCCESS
        }
        Built::Made { findings, result } => findings.emit_with_result(ctx, result.as_ref()),
        Built::Stopped(findings) => findings.emit_stopped(ctx),
    })
}

/// How the build of one package ended, its findings not yet printed.
enum Built {
    /// `--list` printed the files.
    Listed,
    /// The archive was written; `result` is what `--format json` reports of it, when asked for.
    Made { findings: Findings, result: Option<serde_json::Value> },
    /// Nothing was written: the findings say why.
    Stopped(Findings),
}

/// Archives this run wrote, by the path written (absolute where the folder exists), with the
/// package that wrote each: a second package of a folder must not overwrite the first's.
type Claimed = std::collections::BTreeMap<PathBuf, String>;

fn build_one(args: Args, ctx: &Ctx, claimed: &mut Claimed) -> Result<Built, CliError> {
    let start = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let (loaded, config_diags) = config::load(args.config.as_deref(), &start)?;
    config::check_per_file_globs(&loaded)?;
    // `[lint] deny-warnings` gates builds as it gates lint.
    let mut findings = args
        .diag
        .findings_denying_warnings(&loaded.rule_levels(), loaded.config.lint.deny_warnings)?
        .suppressing(crate::suppress::Suppressions::from_config(&loaded)?);
    findings.extend(config_diags);
    let dir = package_dir(args.dir.as_deref(), &loaded);
    if findings.fails() {
        ctx.status("build stopped: aps-pack.toml has errors");
        return Ok(Built::Stopped(findings));
    }
    crate::output::expect_path(
        &dir,
        crate::output::PathKind::Folder,
        "the package folder (the one holding APP-META.xml)",
    )?;
    if !dir.join(aps_model::APP_META).is_file() {
        return Err(CliError::new(format!("{}: not an APS package (no APP-META.xml)", dir.display()))
            .with_help("pass the package folder (the one holding APP-META.xml)"));
    }
    let output = match (&args.output, &args.out_dir, &loaded.config.build.out_dir) {
        (Some(file), _, _) => Output::File(file.clone()),
        (None, Some(out), _) => Output::Dir(out.clone()),
        (None, None, Some(out)) => Output::Dir(loaded.resolve(out)),
        (None, None, None) => Output::Dir(PathBuf::from(".")),
    };
    // A path no archive can be written to is said before the package is read and checked.
    if !args.list {
        aps_archive::build::check_output(&output).map_err(|e| CliError::new(format!("build failed: {e}")))?;
    }
    let time = BuildTime::from_env().map_err(|e| CliError::new(e.to_string()))?;
    let signers: Vec<_> = if args.no_sign { None } else { args.sign.load(&loaded)? }.into_iter().collect();
    signers.iter().for_each(super::sign::warn_about_validity);

    // The tree as it is: its model, which folders APP-META.xml declares, and what its PHP
    // generates (generated once here; the staged lint below finds the schemas in place).
    let tree = pipeline::load_for_build(Arc::new(DirSource::from_path(&dir)));
    let Some(package) = &tree.package else {
        // APP-META.xml cannot be read (not well-formed, say): the lint says where.
        findings.extend(lint_step(&dir, &loaded).diagnostics);
        if findings.fails() {
            let errors = findings.count(Severity::Error);
            ctx.status(format_args!("build stopped: the package has {errors} error(s)"));
            return Ok(Built::Stopped(findings));
        }
        return Err(CliError::new("build failed: APP-META.xml cannot be read"));
    };
    findings.extend(tree.diagnostics);
    // Catalogs compiled from `i18n/*.po`, where missing or stale, as the official build does.
    let (catalogs, compiled) = crate::i18n::build_catalogs(&DirSource::from_path(&dir));
    findings.extend(compiled);
    let declared = aps_model::rules::declared_folders(&package.meta);
    let opts = BuildOptions {
        root: dir.clone(),
        output,
        select: SelectOptions {
            include: loaded.config.build.include.clone(),
            exclude: loaded.config.build.exclude.clone(),
            declared,
            tool_files: crate::config::tool_files(&loaded, &dir),
        },
        time,
        generated: tree
            .generated
            .iter()
            .map(|g| GeneratedFile {
                service_id: g.service_id.clone(),
                name: g.path.clone(),
                bytes: g.text.clone().into_bytes(),
            })
            .chain(catalogs)
            .collect(),
        limits: Default::default(),
    };

    ctx.detail(format_args!("selecting the files of {}", dir.display()));
    let staged = match aps_archive::build::stage(&opts, Some(&package.meta)) {
        Ok(staged) => staged,
        Err(BuildError::Findings(found)) => {
            // The tree itself cannot be packaged; its lint findings come with the reason.
            findings.extend(lint_step(&dir, &loaded).diagnostics);
            findings.extend_stopping(found);
            let errors = findings.count(Severity::Error);
            ctx.status(format_args!("build stopped: {errors} error(s) in the package folder"));
            return Ok(Built::Stopped(findings));
        }
        // The tree changed while it was read: whatever the lint would find is about no
        // state of the package.
        Err(changed @ BuildError::Io { .. }) => {
            return Err(CliError::new(format!("build failed: {changed}")))
        }
        Err(other) => {
            // APP-META.xml could not be prepared (not well-formed, say): the lint says where.
            findings.extend(lint_step(&dir, &loaded).diagnostics);
            if findings.fails() {
                let errors = findings.count(Severity::Error);
                ctx.status(format_args!("build stopped: the package has {errors} error(s)"));
                return Ok(Built::Stopped(findings));
            }
            return Err(CliError::new(format!("build failed: {other}")));
        }
    };
    if args.list {
        print_list(&staged, &opts, ctx);
        return Ok(Built::Listed);
    }
    let target = staged.target(&opts);
    if let Some(first) = claimed.get(&claim_key(&target)) {
        return Err(CliError::new(format!(
            "{} would write {}, which {first} wrote in this run",
            dir.display(),
            target.display()
        ))
        .with_help("give the packages different names, versions or releases, or build them into different --out-dir folders"));
    }
    for excluded in &staged.selection.excluded {
        ctx.detail(format_args!("left out {}: {}", excluded.name, excluded.reason));
    }

    // Lint exactly the bytes the archive will hold: the tree's files as selected, the
    // regenerated schemas and APP-META.xml as rewritten. What passes here passes `verify`.
    ctx.detail(format_args!("linting {} as it will be packaged", dir.display()));
    let display_root = aps_diag::display_path(&dir);
    let source = Arc::new(staged.source(&opts, display_root));
    let lint_opts = PackageLintOptions {
        wizard: loaded.config.package.wizard.as_deref(),
        previous: None,
        generated: &tree.generated,
    };
    let linted = pipeline::lint_package(source, &lint_opts).diagnostics;
    if let Some(failure) = staged.take_read_failure() {
        return Err(CliError::new(format!("build failed: {failure}")));
    }
    findings.extend(linted);
    if findings.fails() {
        ctx.status(format_args!("build stopped: {}", stop_reason(&findings)));
        return Ok(Built::Stopped(findings));
    }
    let progress = crate::progress::for_ctx(ctx);
    let accept = |found: &[Diagnostic]| !findings.would_fail(found);
    let written = aps_archive::build::write_staged(&opts, staged, &signers, progress.as_ref(), &accept);
    match written {
        Ok(outcome) => {
            let signed = match signers.first() {
                Some(s) => format!(", signed by `{}`", s.subject),
                None => String::new(),
            };
            ctx.status(format_args!(
                "built {} ({} files, {} → {}{signed})",
                outcome.path.display(),
                // APP-LIST.xml is a file of the archive too, as verify and inspect count it.
                outcome.files + 1,
                aps_archive::inspect::human_bytes(outcome.content_bytes),
                aps_archive::inspect::human_bytes(outcome.archive_bytes),
            ));
            findings.extend(outcome.diagnostics.clone());
            claimed.insert(claim_key(&outcome.path), aps_diag::display_path(&dir));
            let result = findings.wants_result().then(|| build_result(&outcome, &signers));
            Ok(Built::Made { findings, result })
        }
        Err(BuildError::Findings(found)) => {
            findings.extend_stopping(found);
            ctx.status(format_args!("build stopped: {}; nothing was written", stop_reason(&findings)));
            Ok(Built::Stopped(findings))
        }
        Err(other) => Err(write_failure(other)),
    }
}

/// Writing the archive failed: the error names the file; nothing was left in its place.
fn write_failure(e: BuildError) -> CliError {
    let help = match &e {
        BuildError::Io { source, .. } => crate::output::out_of_room_help(source.kind()),
        _ => None,
    };
    let err = CliError::new(format!("build failed: {e}"));
    match help {
        Some(help) => err.with_help(format!("nothing was written: {help}, and build again")),
        None => err,
    }
}

/// What `build --format json` adds as `result`: the archive, the package it holds, its signers.
fn build_result(
    outcome: &aps_archive::build::BuildOutcome,
    signers: &[aps_archive::keys::Signer],
) -> serde_json::Value {
    let info = &outcome.info;
    serde_json::json!({
        "command": "build",
        "artifacts": [crate::results::written("app.zip", &outcome.path, &outcome.archive)],
        "package": { "id": info.id, "name": info.name, "version": info.version, "release": info.release },
        // APP-LIST.xml is a file of the archive too, as verify and inspect count it.
        "files": outcome.files + 1,
        "content_bytes": outcome.content_bytes,
        "signers": signers.iter().map(crate::results::signer).collect::<Vec<_>>(),
    })
}

/// The same file whatever the spelling of its folder (`out`, `./out`, `/abs/out`).
fn claim_key(target: &Path) -> PathBuf {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (std::fs::canonicalize(parent), target.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => target.to_path_buf(),
    }
}

/// "the package has 2 error(s)", or the warnings when `--deny-warnings` stopped the build.
fn stop_reason(findings: &Findings) -> String {
    match findings.count(Severity::Error) {
        0 => format!("{} warning(s) and warnings are denied", findings.count(Severity::Warning)),
        errors => format!("the package has {errors} error(s)"),
    }
}

/// `build` of a folder of packages: each APS package below it, one after the other, with the
/// same options, then a line per package; the findings of all of them are reported together,
/// and the JSON form's `result` lists each package with what its build made. ZStack
/// application versions found are named: they are packaged by `zstack package`, which writes
/// a different kind of output.
fn build_each(
    dir: &Path,
    found: crate::discover::Found,
    args: &Args,
    ctx: &Ctx,
) -> Result<ExitCode, CliError> {
    let count = found.packages.len();
    if args.output.is_some() && count > 1 {
        return Err(CliError::new(format!(
            "--output names one archive, and {} holds {count} packages",
            dir.display()
        ))
        .with_help("use --out-dir DIR to write each package's archive there"));
    }
    ctx.status(format_args!("{}: {}", dir.display(), found.describe()));
    let mut worst = 0u8;
    let mut lines = Vec::new();
    let mut diags = Vec::new();
    let mut packages = Vec::new();
    let mut claimed = Claimed::new();
    for package in found.packages {
        let shown = aps_diag::display_path(&package);
        let one = Args { dir: Some(package), ..args.clone() };
        let (level, outcome, result) = match build_one(one, ctx, &mut claimed) {
            Ok(Built::Listed) => (0, "listed", None),
            Ok(Built::Made { findings, result }) => {
                let level = u8::from(findings.fails());
                diags.extend(findings.into_diagnostics());
                (level, "built", result)
            }
            Ok(Built::Stopped(findings)) => {
                diags.extend(findings.into_diagnostics());
                (1, "not built: findings above", None)
            }
            Err(e) => {
                ctx.print_error(&e);
                (2, "not built: error above", None)
            }
        };
        worst = worst.max(level);
        lines.push(format!("  {shown}: {outcome}"));
        let status = match level {
            0 => "built",
            1 => "stopped",
            _ => "failed",
        };
        packages.push(serde_json::json!({ "path": shown, "status": status, "result": result }));
    }
    for version in found.zstack {
        let shown = aps_diag::display_path(&version);
        lines.push(format!("  {shown}: a ZStack application version; `aps-pack zstack package` packages it"));
    }
    let mut code = ExitCode::SUCCESS;
    if !args.list {
        let result = serde_json::json!({ "command": "build", "packages": packages });
        code = args.diag.emit_with(ctx, diags, Some(&result));
    }
    lines.iter().for_each(|line| ctx.status(line));
    Ok(if code == ExitCode::from(2) { code } else { ExitCode::from(worst) })
}

/// `build --list`: one packaged file a line (the archive's names, sorted); with
/// `--verbose`, what is left out and why, after them.
fn print_list(staged: &aps_archive::build::Staged, opts: &BuildOptions, ctx: &Ctx) {
    let mut names: Vec<&str> = staged.selection.files.iter().map(|f| f.name.as_str()).collect();
    for name in opts.generated.iter().map(|g| &g.name) {
        if !names.contains(&name.as_str()) {
            names.push(name);
        }
    }
    names.push(aps_archive::applist::APP_LIST);
    names.sort_unstable();
    let mut out = String::new();
    for name in names {
        out.push_str(name);
        out.push('\n');
    }
    if ctx.verbose {
        for excluded in &staged.selection.excluded {
            out.push_str(&format!("left out: {}  ({})\n", excluded.name, excluded.reason));
        }
    }
    crate::output::print_stdout(&out);
}
