//! `aps-pack inspect PKG.app.zip|DIR`: what a package is, in a few lines or as JSON.

use crate::config;
use crate::pipeline;
use crate::{CliError, Ctx};
use aps_archive::select::SelectOptions;
use aps_archive::source::ArchiveSource;
use aps_archive::zipread::Limits;
use aps_model::{DirSource, PackageSource};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum InspectFormat {
    #[default]
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A package folder or an .app.zip archive. Default: the current folder.
    pub path: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InspectFormat::Human)]
    pub format: InspectFormat,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let display = aps_diag::display_path(&path);
    crate::output::expect_path(&path, crate::output::PathKind::Either, "a package folder or an .app.zip")?;
    let meta =
        std::fs::metadata(&path).map_err(|e| CliError::new(format!("{display}: cannot be read ({e})")))?;
    let mut archive_problems = Vec::new();
    let (summary, problems) = if meta.is_dir() {
        if !path.join(aps_archive::applist::APP_META).is_file() {
            return Err(CliError::new(format!("{display}: not an APS package (no APP-META.xml)"))
                .with_help("pass the package folder (the one holding APP-META.xml) or an .app.zip"));
        }
        let source: Arc<dyn PackageSource> = Arc::new(DirSource::from_path(&path));
        let (package, _) = pipeline::load_package(source.clone());
        // What a build would pack, with the [build] globs of aps-pack.toml.
        let (loaded, _) = config::load(None, &path)?;
        let select = SelectOptions {
            include: loaded.config.build.include.clone(),
            exclude: loaded.config.build.exclude.clone(),
            declared: package
                .as_ref()
                .map(|p| aps_model::rules::declared_folders(&p.meta))
                .unwrap_or_default(),
            tool_files: crate::config::tool_files(&loaded, &path),
        };
        let selection = aps_archive::select::select(&path, &select)
            .map_err(|e| CliError::new(format!("aps-pack.toml: {e}")))?;
        let files: Vec<(String, u64)> = selection.files.iter().map(|f| (f.name.clone(), f.size)).collect();
        let summary =
            aps_archive::inspect::summarize(&display, "folder", &files, package.as_ref(), Vec::new(), None);
        (summary, 0)
    } else {
        let (source, _) = ArchiveSource::open(&path, &display, &Limits::default()).map_err(|diags| {
            let first = diags.first().map(|d| d.message.clone()).unwrap_or_default();
            CliError::new(format!("{display}: cannot be read safely: {first}"))
                .with_help("`aps-pack verify` says everything that is wrong with it")
        })?;
        archive_problems = crate::archive::archive_findings(&path)
            .into_iter()
            .filter(|d| d.severity == aps_diag::Severity::Error)
            .collect();
        let mut sig_diags = Vec::new();
        let signers = match source.read_limited(aps_archive::applist::APP_LIST, aps_json::MAX_SOURCE_BYTES) {
            Ok(bytes) => {
                let file = aps_diag::SourceFile::new(
                    source.display_path(aps_archive::applist::APP_LIST),
                    String::from_utf8_lossy(&bytes).into_owned(),
                );
                aps_archive::dsig::verify(&file, &Default::default(), &mut sig_diags)
            }
            Err(_) => Vec::new(),
        };
        let source: Arc<dyn PackageSource> = Arc::new(source);
        let (package, _) = pipeline::load_package(source.clone());
        let files = aps_archive::inspect::files_of(source.as_ref());
        let summary = aps_archive::inspect::summarize(
            &display,
            "archive",
            &files,
            package.as_ref(),
            signers,
            Some(meta.len()),
        );
        (summary, sig_diags.len())
    };
    let text = match args.format {
        InspectFormat::Human => summary.to_text(),
        InspectFormat::Json => {
            serde_json::to_string_pretty(&summary).map_err(|e| CliError::new(e.to_string()))? + "\n"
        }
    };
    crate::output::print_stdout(&text);
    if !archive_problems.is_empty() {
        // A summary of a tampered or hostile archive must not read as a clean bill of health.
        ctx.status(format_args!(
            "error: {display} fails verification ({} problem(s)):",
            archive_problems.len()
        ));
        for d in archive_problems.iter().take(10) {
            ctx.status(format_args!("  {}: {}", d.rule.code, d.message));
        }
        if archive_problems.len() > 10 {
            ctx.status(format_args!("  … and {} more", archive_problems.len() - 10));
        }
        ctx.status(format_args!("`aps-pack verify {display}` says where and why"));
        return Ok(ExitCode::from(1));
    }
    if problems > 0 {
        ctx.status("some signatures do not verify; `aps-pack verify` says why");
    }
    Ok(ExitCode::SUCCESS)
}
