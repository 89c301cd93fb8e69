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
    let opts = PackageLintOptions { wizard: loaded.config.package.wizard.as_deref(), previous: None };
    pipeline::lint_package(source, &opts)
}

/// What the official `aps build` adds for services typed in PHP: the
/// generated `schemas/<service>.schema.gen` files, and APP-META.xml with a
/// `<schema path>` for each service that had none (inserted, with a line
/// break, right before its `<code>`, as the official tool does; nothing else
/// in the file changes).
fn php_schemas(pkg: &aps_model::Package) -> (Vec<(String, Vec<u8>)>, Option<String>) {
    let (generated, _) = aps_php::generate_for_package(pkg.source.as_ref(), &pkg.meta);
    let generated: Vec<_> =
        generated.into_iter().filter(|g| aps_model::source::is_safe_relative_path(&g.path)).collect();
    if generated.is_empty() {
        return (Vec::new(), None);
    }
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for g in &generated {
        let service = pkg.meta.services.iter().find(|s| s.id_str() == g.service_id);
        if let Some(code) = service.filter(|s| s.schema.is_none()).and_then(|s| s.code.as_ref()) {
            inserts.push((code.span.start, format!("<schema path=\"{}\"/>\n", xml_attr(&g.path))));
        }
    }
    let meta = (!inserts.is_empty()).then(|| {
        let mut text = pkg.app_meta_file.text().to_string();
        inserts.sort_by_key(|insert| std::cmp::Reverse(insert.0));
        for (at, element) in inserts {
            if text.is_char_boundary(at) {
                text.insert_str(at, &element);
            }
        }
        text
    });
    (generated.into_iter().map(|g| (g.path, g.text.into_bytes())).collect(), meta)
}

fn xml_attr(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
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
    // `[lint] deny-warnings` gates builds as it gates lint.
    let mut gate = args.diag.clone();
    gate.deny_warnings |= loaded.config.lint.deny_warnings;
    let gate = &gate;
    let dir = package_dir(&args, &loaded);
    let fail = |diags: Vec<Diagnostic>, ctx: &Ctx| -> ExitCode {
        let code = gate.emit(ctx, diags);
        if code == ExitCode::SUCCESS {
            ExitCode::from(1)
        } else {
            code
        }
    };
    if gate.fails(&overrides.apply(diags.clone())) {
        ctx.status("build stopped: aps-pack.toml has errors");
        return Ok(fail(overrides.apply(diags), ctx));
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
    let time = BuildTime::from_env().map_err(CliError::new)?;
    let signers: Vec<_> = if args.no_sign { None } else { args.sign.load(&loaded)? }.into_iter().collect();
    signers.iter().for_each(super::sign::warn_about_validity);

    // The tree as it is: what PHP generates, and which folders APP-META.xml declares.
    // Only the metadata is needed here: `php_schemas` generates once, and the staged lint
    // below loads (and generates) the package as it will be packaged.
    let (tree, _) = aps_model::load_package(Arc::new(DirSource::from_path(&dir)));
    let (mut generated, meta_override) = match &tree {
        Some(pkg) => php_schemas(pkg),
        None => (Vec::new(), None),
    };
    // Catalogs compiled from `i18n/*.po`, where missing or stale, as the official build does.
    let (catalogs, compiled) = crate::i18n::build_catalogs(&DirSource::from_path(&dir));
    generated.extend(catalogs);
    diags.extend(compiled);
    let declared = tree.as_ref().map(|p| aps_model::rules::declared_folders(&p.meta)).unwrap_or_default();
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
            declared,
        },
        time,
        generated,
        meta_override,
    };

    ctx.detail(format_args!("selecting the files of {}", dir.display()));
    let staged = match aps_archive::build::stage(&opts) {
        Ok(staged) => staged,
        Err(BuildError::Findings(found)) => {
            // The tree itself cannot be packaged; its lint findings come with the reason.
            diags.extend(lint_step(&dir, &loaded).diagnostics);
            diags.extend(found);
            let diags = overrides.apply(diags);
            let errors = diags.iter().filter(|d| d.severity == aps_diag::Severity::Error).count();
            ctx.status(format_args!("build stopped: {errors} error(s) in the package folder"));
            return Ok(fail(diags, ctx));
        }
        Err(BuildError::Failed(message)) => {
            // APP-META.xml could not be prepared (not well-formed, say): the lint says where.
            let linted = overrides.apply(lint_step(&dir, &loaded).diagnostics);
            if gate.fails(&linted) {
                diags.extend(linted);
                let diags = overrides.apply(diags);
                let errors = diags.iter().filter(|d| d.severity == aps_diag::Severity::Error).count();
                ctx.status(format_args!("build stopped: the package has {errors} error(s)"));
                return Ok(fail(diags, ctx));
            }
            return Err(CliError::new(format!("build failed: {message}")));
        }
    };
    if args.list {
        print_list(&staged, &opts, ctx);
        return Ok(ExitCode::SUCCESS);
    }
    for excluded in &staged.selection.excluded {
        ctx.detail(format_args!("left out {}: {}", excluded.name, excluded.reason));
    }

    // Lint exactly the bytes the archive will hold: the tree's files as selected, the
    // regenerated schemas and APP-META.xml as rewritten. What passes here passes `verify`.
    ctx.detail(format_args!("linting {} as it will be packaged", dir.display()));
    let display_root = dir.to_string_lossy().replace('\\', "/");
    let source = Arc::new(staged.source(&opts, display_root));
    let lint_opts = PackageLintOptions { wizard: loaded.config.package.wizard.as_deref(), previous: None };
    diags.extend(pipeline::lint_package(source, &lint_opts).diagnostics);
    let diags_now = overrides.apply(diags);
    if gate.fails(&diags_now) {
        ctx.status(format_args!("build stopped: {}", stop_reason(&diags_now)));
        return Ok(fail(diags_now, ctx));
    }
    let mut diags = diags_now;
    let progress = crate::progress::for_ctx(ctx);
    let accept = |found: &[Diagnostic]| !gate.fails(&overrides.apply(found.to_vec()));
    match aps_archive::build::write_staged(&opts, staged, &signers, progress.as_ref(), &accept) {
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
            diags.extend(outcome.diagnostics);
            let diags = overrides.apply(diags);
            if diags.is_empty() && args.diag.format == crate::output::FormatArg::Human {
                // "built …" already said it all; "no problems found" after it reads oddly.
                return Ok(ExitCode::SUCCESS);
            }
            Ok(gate.emit(ctx, diags))
        }
        Err(BuildError::Findings(found)) => {
            diags.extend(found);
            let diags = overrides.apply(diags);
            ctx.status(format_args!("build stopped: {}; nothing was written", stop_reason(&diags)));
            Ok(fail(diags, ctx))
        }
        Err(BuildError::Failed(message)) => Err(CliError::new(format!("build failed: {message}"))),
    }
}

/// "the package has 2 error(s)", or the warnings when `--deny-warnings` stopped the build.
fn stop_reason(diags: &[Diagnostic]) -> String {
    let count = |s: aps_diag::Severity| diags.iter().filter(|d| d.severity == s).count();
    match count(aps_diag::Severity::Error) {
        0 => format!("{} warning(s) and warnings are denied", count(aps_diag::Severity::Warning)),
        errors => format!("the package has {errors} error(s)"),
    }
}

/// `build --list`: one packaged file a line (the archive's names, sorted); with
/// `--verbose`, what is left out and why, after them.
fn print_list(staged: &aps_archive::build::Staged, opts: &BuildOptions, ctx: &Ctx) {
    let mut names: Vec<&str> = staged.selection.files.iter().map(|f| f.name.as_str()).collect();
    for (name, _) in &opts.generated {
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
