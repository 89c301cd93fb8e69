//! `aps-pack lint [PATH…]`: every kind of input the tool understands.
//!
//! A folder is linted as what it holds (APP-META.xml → APS package,
//! application.json → ZStack application version). A file inside a package
//! is linted in its package context (the root is found upwards) and only the
//! findings in the named files are shown — what a pre-commit hook passing
//! changed files needs. A file outside any package is linted on its own.

use crate::config;
use crate::output::DiagArgs;
use crate::pipeline::{self, PackageLintOptions};
use crate::suppress::{baseline, Suppressions};
use crate::{CliError, Ctx};
use aps_diag::{Diagnostic, Violation};
use aps_model::{DirSource, PackageSource};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Package folders, `.app.zip` archives, APP-META.xml, type schemas, wizard data files,
    /// ZStack application version folders. Default: the current folder.
    pub paths: Vec<PathBuf>,
    /// The package a wizard data file outside it belongs to.
    #[arg(long, value_name = "DIR")]
    pub package: Option<PathBuf>,
    /// The previous released version (folder or .app.zip): also run the upgrade-safety rules.
    #[arg(long, value_name = "OLD")]
    pub previous: Option<PathBuf>,
    /// ZStack: the VM image (qcow2) that will ship with the application version.
    #[arg(long, value_name = "FILE")]
    pub image: Option<PathBuf>,
    /// ZStack: the application id the version will be published under.
    #[arg(long, value_name = "ID")]
    pub app_id: Option<String>,
    /// Configuration file (default: aps-pack.toml found from the first PATH upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only findings not in this baseline (default: `[lint] baseline` of aps-pack.toml).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the findings to this baseline file instead of reporting them (entries of files
    /// not checked in this run are kept).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Apply the fixes the findings carry (each file written atomically), check again, and
    /// report what remains.
    #[arg(long, conflicts_with_all = ["diff", "write_baseline", "watch"])]
    pub fix: bool,
    /// Print the changes `--fix` would make as a unified diff and write nothing (exit 1 when
    /// there is something to fix).
    #[arg(long, conflicts_with_all = ["write_baseline", "watch"])]
    pub diff: bool,
    /// Check again whenever a file changes, on a cleared screen, until interrupted (Ctrl-C).
    #[arg(long, conflicts_with = "write_baseline")]
    pub watch: bool,
    #[command(flatten)]
    pub diag: DiagArgs,
}

/// What one PATH turned out to be.
enum Target {
    /// A package folder; `only` limits the findings shown to these display paths.
    Package {
        root: PathBuf,
        only: Option<BTreeSet<String>>,
    },
    Archive(PathBuf),
    Zstack {
        dir: PathBuf,
        only: Option<BTreeSet<String>>,
    },
    AppMeta(PathBuf),
    Schema(PathBuf),
    Wizard(PathBuf),
    Config(PathBuf),
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    if args.watch {
        let once = Args { watch: false, ..args };
        return crate::watch::run_watching(&paths, ctx, || run(once.clone(), ctx));
    }
    let (loaded, diags) = config::load(args.config.as_deref(), &paths[0])?;
    config::check_per_file_globs(&loaded)?;
    let overrides = args.diag.overrides(&loaded.rule_levels())?;
    let mut diag_args = args.diag.clone();
    diag_args.deny_warnings |= loaded.config.lint.deny_warnings;

    for (flag, path) in
        [("--package", &args.package), ("--previous", &args.previous), ("--image", &args.image)]
    {
        if let Some(p) = path {
            crate::output::expect_path(
                p,
                crate::output::PathKind::Either,
                &format!("an existing path for {flag}"),
            )?;
        }
    }
    if let Some(dir) = &args.package {
        if !dir.join(aps_model::APP_META).is_file() {
            return Err(CliError::new(format!("--package {}: no APP-META.xml there", dir.display()))
                .with_help("--package names the package folder, the one holding APP-META.xml"));
        }
    }
    // A bad path is reported after the findings of the others, which are still checked.
    let (targets, discovered, bad_paths) = classify(&paths, ctx);
    refuse_outputs_over_inputs(&args, targets.iter().chain(&discovered), &loaded)?;
    let summarised: Vec<String> = discovered.iter().filter_map(Target::folder).map(path_display).collect();
    let previous = match &args.previous {
        Some(old) => Some(load_previous(old)?),
        None => None,
    };
    let mut fixed = None;
    if args.fix || args.diff {
        let mut lint_all = || -> Result<Vec<Diagnostic>, CliError> {
            let mut suppress = Suppressions::from_config(&loaded)?;
            // The configuration as it is now: its own findings may have fixes too.
            let (_, mut all) = config::load(args.config.as_deref(), &paths[0])?;
            let (targets, discovered, _) = classify(&paths, &crate::Ctx::plain());
            for target in targets.into_iter().chain(discovered) {
                all.extend(lint_target(target, &args, &loaded, previous.as_ref(), &mut suppress, ctx)?);
            }
            Ok(overrides.apply(all))
        };
        match fix_rounds(&args, &mut lint_all, ctx)? {
            Err(code) => return finish(code, bad_paths, ctx),
            Ok(n) => fixed = Some(n),
        }
    }
    // Fixes may have changed the configuration itself: report on it as it is now.
    let (loaded, mut diags, overrides) = if fixed.is_some_and(|n| n > 0) {
        let (loaded, diags) = config::load(args.config.as_deref(), &paths[0])?;
        let overrides = args.diag.overrides(&loaded.rule_levels())?;
        diag_args.deny_warnings = args.diag.deny_warnings || loaded.config.lint.deny_warnings;
        (loaded, diags, overrides)
    } else {
        (loaded, diags, overrides)
    };
    let mut suppress = Suppressions::from_config(&loaded)?;
    for target in targets.into_iter().chain(discovered) {
        diags.extend(lint_target(target, &args, &loaded, previous.as_ref(), &mut suppress, ctx)?);
    }
    let mut diags = overrides.apply(diags);
    aps_diag::sort_diagnostics(&mut diags);
    if let Some(out) = &args.write_baseline {
        let written = baseline::write(out, &diags, &|p| suppress.covers(p))?;
        let pruned = match written.pruned {
            0 => String::new(),
            n => format!(", {n} no longer found"),
        };
        ctx.status(format_args!(
            "wrote {}: {} finding{} in {} entr{}{pruned}",
            out.display(),
            written.findings,
            if written.findings == 1 { "" } else { "s" },
            written.entries,
            if written.entries == 1 { "y" } else { "ies" }
        ));
        return finish(ExitCode::SUCCESS, bad_paths, ctx);
    }
    let configured = loaded.config.lint.baseline.as_deref().map(|b| loaded.resolve(b));
    if let Some(path) = args.baseline.clone().or(configured) {
        let mut accepted = baseline::Baseline::read(&path)?;
        diags = accepted.filter(diags);
        let stale = accepted.stale(&|p| suppress.covers(p));
        if stale > 0 {
            let shown = accepted.shown().to_string();
            let unused = crate::rules::Unused::Baseline { stale, baseline: &shown };
            diags.extend(overrides.apply(vec![unused.diagnostic().at_path(shown.clone())]));
        }
    }
    // With nothing checked, "no problems found" would claim too much.
    let per_folder = crate::discover::summaries(&summarised, &diags);
    let code = if diags.is_empty() && !bad_paths.is_empty() {
        ExitCode::SUCCESS
    } else {
        diag_args.emit(ctx, diags)
    };
    if let Some(n) = fixed {
        ctx.status(format_args!("{n} fixed"));
    }
    per_folder.iter().for_each(|line| ctx.status(line));
    finish(code, bad_paths, ctx)
}

/// Refuse (exit 2, before anything is written) an output file that this run checks: a
/// file named as an input, or a package's own file (as `build` refuses its archive there).
fn refuse_outputs_over_inputs<'a>(
    args: &Args,
    targets: impl Iterator<Item = &'a Target>,
    loaded: &config::Loaded,
) -> Result<(), CliError> {
    let mut outputs = args.diag.output_files();
    if let Some(file) = &args.write_baseline {
        outputs.push((format!("--write-baseline {}", file.display()), file.clone()));
    }
    if outputs.is_empty() {
        return Ok(());
    }
    let identities: Vec<PathBuf> = outputs.iter().map(|(_, f)| crate::output::file_identity(f)).collect();
    let refuse = |flag: &str, what: String| {
        CliError::new(format!(
            "{flag}: the output is {what}, which this run checks; refusing to overwrite it"
        ))
        .with_help("write it outside the package folder, or give another file name")
    };
    for target in targets {
        let inputs: Vec<&Path> = match target {
            Target::Package { root, only } => {
                let select = aps_archive::select::SelectOptions {
                    include: loaded.config.build.include.clone(),
                    exclude: loaded.config.build.exclude.clone(),
                    declared: Vec::new(),
                    tool_files: config::tool_files(loaded, root),
                };
                for (flag, file) in &outputs {
                    if let Some(rel) = aps_archive::build::own_file(root, file, &select) {
                        return Err(refuse(flag, format!("the package's own file `{rel}`")));
                    }
                }
                only.iter().flatten().map(Path::new).collect()
            }
            Target::Zstack { dir, only } => {
                // Every file of a version folder is read or packaged by `zstack package`.
                for (flag, file) in &outputs {
                    if let Some(rel) = aps_archive::build::existing_file_in(dir, file) {
                        return Err(refuse(flag, format!("the application version's own file `{rel}`")));
                    }
                }
                only.iter().flatten().map(Path::new).collect()
            }
            Target::Archive(p)
            | Target::AppMeta(p)
            | Target::Schema(p)
            | Target::Wizard(p)
            | Target::Config(p) => {
                vec![p.as_path()]
            }
        };
        for input in inputs {
            let input_id = crate::output::file_identity(input);
            if let Some(i) = identities.iter().position(|id| *id == input_id) {
                let (flag, _) = &outputs[i];
                return Err(refuse(flag, format!("the input file {}", input.display())));
            }
        }
    }
    Ok(())
}

/// `--diff`: the changes of one round, printed (`Err(exit code)`). `--fix`: rounds of fix
/// and check until nothing more applies (`Ok(fixes applied)`).
fn fix_rounds(
    args: &Args,
    lint_all: &mut dyn FnMut() -> Result<Vec<Diagnostic>, CliError>,
    ctx: &Ctx,
) -> Result<Result<usize, ExitCode>, CliError> {
    let mut fixed = 0;
    for _ in 0..crate::fix::MAX_ROUNDS {
        let mut diags = lint_all()?;
        aps_diag::sort_diagnostics(&mut diags);
        let plan = aps_diag::fix::plan(&diags);
        if args.diff {
            crate::output::print_stdout(&crate::fix::diff(&plan));
            if plan.fixes == 0 {
                return Ok(Err(ExitCode::SUCCESS));
            }
            let s = if plan.fixes == 1 { "" } else { "es" };
            ctx.status(format_args!("would apply {} fix{s}", plan.fixes));
            return Ok(Err(ExitCode::from(1)));
        }
        if plan.fixes == 0 || crate::fix::apply(&plan, ctx)? == 0 {
            break;
        }
        fixed += plan.fixes;
    }
    Ok(Ok(fixed))
}

/// The exit code, or the last bad path after the others are printed.
fn finish(code: ExitCode, mut bad_paths: Vec<CliError>, ctx: &Ctx) -> Result<ExitCode, CliError> {
    match bad_paths.pop() {
        None => Ok(code),
        Some(last) => {
            bad_paths.iter().for_each(|e| ctx.print_error(e));
            Err(last)
        }
    }
}

/// The targets the paths name, then those found below folders of packages (each reported with
/// a summary line), and the paths that are none of these.
fn classify(paths: &[PathBuf], ctx: &Ctx) -> (Vec<Target>, Vec<Target>, Vec<CliError>) {
    let mut targets = Vec::new();
    let mut discovered = Vec::new();
    let mut bad = Vec::new();
    // Files of one package are linted together, in one pass over the package.
    // Keyed by the canonical root, so that `a/x.json` and `../a/APP-META.xml` lint one package
    // once; the root is shown as first typed.
    let mut package_files: BTreeMap<PathBuf, (PathBuf, BTreeSet<String>)> = BTreeMap::new();
    let mut zstack_files: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for path in paths {
        if let Err(e) = crate::output::expect_path(
            path,
            crate::output::PathKind::Either,
            "a package folder, an .app.zip or a file to check",
        ) {
            bad.push(e);
            continue;
        }
        let Ok(meta) = std::fs::metadata(path) else { continue };
        if meta.is_dir() {
            if path.join(aps_model::APP_META).is_file() {
                targets.push(Target::Package { root: path.clone(), only: None });
            } else if aps_zstack_is_app_dir(path) {
                targets.push(Target::Zstack { dir: path.clone(), only: None });
            } else if let Some(root) = aps_model::find_package_root(path) {
                // A folder inside a package (say `schemas/`): the package is what can be checked.
                let root = relative_to_cwd(root);
                ctx.detail(format_args!("{} is inside the package {}", path.display(), root.display()));
                targets.push(Target::Package { root, only: None });
            } else {
                let found = crate::discover::discover(path);
                if found.is_empty() {
                    bad.push(
                        CliError::new(format!(
                            "{}: neither an APS package (no APP-META.xml) nor a ZStack application folder (no application.json), and none below it",
                            path.display()
                        ))
                        .with_help("pass the folder that holds APP-META.xml, or the files to check"),
                    );
                } else {
                    ctx.status(format_args!("{}: {}", path.display(), found.describe()));
                    let packages =
                        found.packages.into_iter().map(|root| Target::Package { root, only: None });
                    let versions = found.zstack.into_iter().map(|dir| Target::Zstack { dir, only: None });
                    discovered.extend(packages.chain(versions));
                }
            }
            continue;
        }
        if !meta.is_file() {
            // A FIFO or device would block or stream forever: only regular files are read.
            ctx.status(format_args!("skipping {}: not a regular file", path.display()));
            continue;
        }
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with(".app.zip") || name.ends_with(".zip") {
            targets.push(Target::Archive(path.clone()));
            continue;
        }
        if name == config::FILE_NAME {
            targets.push(Target::Config(path.clone()));
            continue;
        }
        if let Some(root) = aps_model::find_package_root(path) {
            let key = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
            let (shown_root, files) = package_files.entry(key).or_insert_with(|| (root, BTreeSet::new()));
            files.insert(display_in(shown_root, path));
            continue;
        }
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let parent = if parent.as_os_str().is_empty() { PathBuf::from(".") } else { parent };
        if aps_zstack_is_app_dir(&parent) {
            zstack_files.entry(parent).or_default().insert(path_display(path));
            continue;
        }
        match kind_of_file(path, &name) {
            Some(t) => targets.push(t),
            None => ctx.status(format_args!("skipping {}: not a file aps-pack lints", path.display())),
        }
    }
    targets
        .extend(package_files.into_values().map(|(root, only)| Target::Package { root, only: Some(only) }));
    targets.extend(zstack_files.into_iter().map(|(dir, only)| Target::Zstack { dir, only: Some(only) }));
    (targets, discovered, bad)
}

impl Target {
    /// The folder of a package or application version target.
    fn folder(&self) -> Option<&Path> {
        match self {
            Target::Package { root, .. } => Some(root),
            Target::Zstack { dir, .. } => Some(dir),
            _ => None,
        }
    }
}

/// A file outside any package: what is it?
fn kind_of_file(path: &Path, name: &str) -> Option<Target> {
    if name == aps_model::APP_META {
        return Some(Target::AppMeta(path.to_path_buf()));
    }
    if name.ends_with(".schema") || name.ends_with(".schema.gen") {
        return Some(Target::Schema(path.to_path_buf()));
    }
    if name.ends_with(".json") {
        // Decide by name and structure: wizard data is `wizard_data.json` or has a top-level
        // `defaults` object with `resourceTypes` or `serviceTemplate`; a type schema has
        // `apsVersion` and `implements`; any other JSON (translations, package.json…) is not
        // ours to judge. The file is metadata-sized or it is not either of them.
        if name == aps_wizard::WIZARD_FILE_NAME {
            return Some(Target::Wizard(path.to_path_buf()));
        }
        let bytes = aps_json::read_limited(path, &path_display(path)).ok()?;
        let (_, parsed) = aps_json::parse_bytes(
            &path_display(path),
            bytes,
            &aps_json::Options { comments: true, ..Default::default() },
        );
        let value = parsed.value?;
        if aps_wizard::is_wizard_file(path, &value) {
            return Some(Target::Wizard(path.to_path_buf()));
        }
        if value.get("apsVersion").is_some() && value.get("implements").is_some() {
            return Some(Target::Schema(path.to_path_buf()));
        }
    }
    None
}

/// `root` as `..`, `../..` when it is an ancestor of the current folder, so
/// findings show short relative paths as if the user had typed them.
fn relative_to_cwd(root: PathBuf) -> PathBuf {
    let (Ok(cwd), Ok(abs)) = (std::env::current_dir(), std::fs::canonicalize(&root)) else { return root };
    let Ok(cwd) = std::fs::canonicalize(cwd) else { return root };
    match cwd.strip_prefix(&abs) {
        Ok(below) if below.components().count() > 0 => below.components().map(|_| "..").collect(),
        _ => root,
    }
}

/// How a path is shown: as typed, with `/`.
fn path_display(path: &Path) -> String {
    let s = aps_diag::display_path(path);
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The display path of `file` as the package source under `root` names it.
fn display_in(root: &Path, file: &Path) -> String {
    let rel = match (std::fs::canonicalize(root), std::fs::canonicalize(file)) {
        (Ok(r), Ok(f)) => f.strip_prefix(&r).map(aps_diag::display_path).ok(),
        _ => None,
    };
    match rel {
        Some(rel) => aps_model::source::join_display(&path_display(root), &rel),
        None => path_display(file),
    }
}

fn lint_target(
    target: Target,
    args: &Args,
    loaded: &config::Loaded,
    previous: Option<&aps_model::Package>,
    suppress: &mut Suppressions,
    ctx: &Ctx,
) -> Result<Vec<Diagnostic>, CliError> {
    let wizard_rel = loaded.config.package.wizard.as_deref();
    // Findings of a changed-files run are limited to the named files after suppressions.
    let mut limit: Option<(BTreeSet<String>, PathBuf)> = None;
    let diags = match target {
        Target::Package { root, only } => {
            ctx.detail(format_args!("linting package {}", root.display()));
            let source: Arc<dyn PackageSource> = Arc::new(DirSource::new(&root, path_display(&root)));
            let result = pipeline::lint_package(
                source.clone(),
                &PackageLintOptions { wizard: wizard_rel, previous, ..Default::default() },
            );
            let mut diags = result.diagnostics;
            diags.extend(selection_findings(&root, loaded));
            if args.fix || args.diff {
                diags.extend(crate::fix::fixable_findings(&root, source.clone(), loaded));
            }
            let covered = covered_files(&root, &result.package, wizard_rel);
            if let Some(pkg) = &result.package {
                suppress.read_package(pkg);
            }
            match &only {
                Some(files) => {
                    for file in files.iter().filter(|f| !covered.contains(*f)) {
                        diags.extend(lint_uncovered_file(Path::new(file), &root, args, suppress, ctx)?);
                    }
                    files.iter().for_each(|f| suppress.checked(Path::new(f)));
                }
                None => suppress.checked(&root),
            }
            limit = only.map(|files| (files, root));
            diags
        }
        Target::Archive(path) => {
            ctx.detail(format_args!("linting archive {}", path.display()));
            suppress.checked(&path);
            suppress.checking_archive(&aps_diag::display_path(&path));
            let source = crate::archive::read_archive_source(&path)?;
            match source {
                Ok(source) => {
                    pipeline::lint_package(
                        source,
                        &PackageLintOptions { wizard: wizard_rel, previous, ..Default::default() },
                    )
                    .diagnostics
                }
                Err(diags) => diags,
            }
        }
        Target::Zstack { dir, only } => {
            ctx.detail(format_args!("linting ZStack application {}", dir.display()));
            match &only {
                Some(files) => files.iter().for_each(|f| suppress.checked(Path::new(f))),
                None => suppress.checked(&dir),
            }
            let diags = aps_zstack_lint(&dir, args);
            limit = only.map(|files| (files, dir));
            diags
        }
        Target::AppMeta(path) => {
            suppress.checked(&path);
            lint_lone_file(&path, aps_model::lint_app_meta, suppress)
        }
        Target::Schema(path) => {
            suppress.checked(&path);
            lint_lone_file(&path, aps_model::lint_schema_file, suppress)
        }
        Target::Wizard(path) => {
            suppress.checked(&path);
            lint_lone_wizard(&path, args, None)?
        }
        Target::Config(path) => {
            suppress.checked(&path);
            let (_, diags) = config::load(Some(&path), &path)?;
            diags
        }
    };
    let mut diags = suppress.filter(diags);
    diags.extend(suppress.report());
    Ok(match limit {
        Some((only, root)) => keep_only(diags, Some(&only), &root),
        None => diags,
    })
}

/// What `build` would refuse in the tree itself (links leaving the package,
/// non-portable or non-UTF-8 names, special files), so that lint and build agree.
fn selection_findings(root: &Path, loaded: &config::Loaded) -> Vec<Diagnostic> {
    // Which key files are left out does not change what is wrong with the tree.
    let opts = aps_archive::select::SelectOptions {
        include: loaded.config.build.include.clone(),
        exclude: loaded.config.build.exclude.clone(),
        declared: Vec::new(),
        tool_files: Vec::new(),
    };
    match aps_archive::select::select(root, &opts) {
        Ok(selection) => selection.diagnostics,
        // A bad glob is reported when the config is read.
        Err(_) => Vec::new(),
    }
}

/// Display paths of the files the package lint reads: APP-META.xml, the
/// schemas its services name, the wizard data.
fn covered_files(
    root: &Path,
    package: &Option<aps_model::Package>,
    wizard_rel: Option<&str>,
) -> BTreeSet<String> {
    let base = path_display(root);
    let mut rels: Vec<String> =
        vec![aps_model::APP_META.into(), wizard_rel.unwrap_or(pipeline::DEFAULT_WIZARD).into()];
    if let Some(pkg) = package {
        rels.extend(pkg.services.iter().filter_map(|s| s.schema_path.clone()));
    }
    rels.iter().map(|rel| aps_model::source::join_display(&base, rel)).collect()
}

/// A file named on the command line that the package lint does not read (an
/// unreferenced schema, a stray JSON file): check it on its own, so a named
/// file is never silently passed over.
fn lint_uncovered_file(
    path: &Path,
    root: &Path,
    args: &Args,
    suppress: &mut Suppressions,
    ctx: &Ctx,
) -> Result<Vec<Diagnostic>, CliError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name == config::FILE_NAME {
        return Ok(Vec::new());
    }
    match kind_of_file(path, &name) {
        Some(Target::Schema(p)) => Ok(lint_lone_file(&p, aps_model::lint_schema_file, suppress)),
        // Wizard data kept elsewhere in the package is checked against that package.
        Some(Target::Wizard(p)) => lint_lone_wizard(&p, args, Some(root)),
        Some(Target::AppMeta(p)) => Ok(lint_lone_file(&p, aps_model::lint_app_meta, suppress)),
        _ => {
            ctx.status(format_args!("skipping {}: not a file aps-pack lints", path.display()));
            Ok(Vec::new())
        }
    }
}

/// Changed-files mode: every finding in the named files, and every *error* elsewhere in
/// their package (a change to APP-META.xml can break an unchanged wizard file), each
/// marked as such; warnings and infos outside the named files are counted in one note.
fn keep_only(diags: Vec<Diagnostic>, only: Option<&BTreeSet<String>>, root: &Path) -> Vec<Diagnostic> {
    let Some(files) = only else { return diags };
    let mut kept = Vec::new();
    let mut elsewhere: Vec<Diagnostic> = Vec::new();
    for d in diags {
        if d.display_path().is_some_and(|p| files.contains(p)) {
            kept.push(d);
        } else if d.severity == aps_diag::Severity::Error {
            kept.push(d.with_note(
                "in a file of the same package that was not named: the named files may have caused it",
            ));
        } else {
            elsewhere.push(d);
        }
    }
    let (warnings, infos) = elsewhere.iter().fold((0, 0), |(w, i), d| match d.severity {
        aps_diag::Severity::Warning => (w + 1, i),
        _ => (w, i + 1),
    });
    if warnings > 0 {
        let anchor = files.iter().next().cloned().unwrap_or_default();
        let root = path_display(root);
        let summary = crate::rules::OtherFiles { warnings, infos, root: &root };
        kept.push(summary.diagnostic().at_path(anchor));
    }
    kept
}

/// Read one file and run `check` on it; a file that cannot be read is itself the finding.
fn lint_lone_file(
    path: &Path,
    check: impl Fn(&Arc<aps_diag::SourceFile>) -> Vec<Diagnostic>,
    suppress: &mut Suppressions,
) -> Vec<Diagnostic> {
    match aps_json::read_source(path, &path_display(path)) {
        Ok((file, mut diags)) => {
            suppress.read(&file, None);
            diags.extend(check(&file));
            diags
        }
        Err(d) => vec![d],
    }
}

/// A wizard file outside a package: against `--package` when given, else on its own.
fn lint_lone_wizard(
    path: &Path,
    args: &Args,
    in_package: Option<&Path>,
) -> Result<Vec<Diagnostic>, CliError> {
    let display = path_display(path);
    let bytes = match aps_json::read_limited(path, &display) {
        Ok(bytes) => bytes,
        Err(d) => return Ok(vec![d]),
    };
    let mut diags = Vec::new();
    let package = match args.package.as_deref().or(in_package) {
        Some(dir) => {
            if !dir.join(aps_model::APP_META).is_file() {
                return Err(CliError::new(format!("--package {}: no APP-META.xml there", dir.display())));
            }
            let source: Arc<dyn PackageSource> = Arc::new(DirSource::new(dir, path_display(dir)));
            let (pkg, d) = pipeline::load_package(source);
            diags.extend(d);
            pkg
        }
        None => None,
    };
    let (file, d) = pipeline::lint_wizard_bytes(&display, bytes, package.as_ref());
    diags.extend(d);
    if package.is_none() {
        diags.push(crate::rules::WithoutPackage.diagnostic().in_file(&file));
    }
    Ok(diags)
}

/// The previous version for `--previous`: a folder or an archive.
fn load_previous(old: &Path) -> Result<aps_model::Package, CliError> {
    let source: Arc<dyn PackageSource> = if old.is_dir() {
        Arc::new(DirSource::new(old, path_display(old)))
    } else {
        match crate::archive::read_archive_source(old)? {
            Ok(s) => s,
            Err(_) => {
                return Err(CliError::new(format!(
                    "--previous {}: the archive cannot be read safely",
                    old.display()
                )))
            }
        }
    };
    let (pkg, diags) = pipeline::load_package(source);
    pkg.ok_or_else(|| {
        let why = diags.first().map(|d| d.message.clone()).unwrap_or_else(|| "no APP-META.xml".into());
        CliError::new(format!("--previous {}: cannot load the package: {why}", old.display()))
    })
}

fn aps_zstack_is_app_dir(dir: &Path) -> bool {
    aps_zstack::is_app_dir(dir)
}

fn aps_zstack_lint(dir: &Path, args: &Args) -> Vec<Diagnostic> {
    let opts = aps_zstack::LintOptions { app_folder: args.app_id.clone(), image: args.image.clone() };
    aps_zstack::lint_app_dir(dir, &path_display(dir), &opts)
}
