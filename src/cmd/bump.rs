//! `aps-pack bump major|minor|patch|release [DIR]`: the next version or release in
//! APP-META.xml, edited in place so that the rest of the file stays as written.

use crate::output::print_stdout;
use crate::{config, CliError, Ctx};
use aps_diag::{Severity, SourceFile};
use aps_model::bump::{bump, Part};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PartArg {
    /// `1.2.3-4` → `2.0.0-1`
    Major,
    /// `1.2.3-4` → `1.3.0-1`
    Minor,
    /// `1.2.3-4` → `1.2.4-1`
    Patch,
    /// `1.2.3-4` → `1.2.3-5`
    Release,
}

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum BumpFormat {
    #[default]
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What moves: a new major, minor or patch version (release restarts at 1), or the next release of this version.
    pub part: PartArg,
    /// The package folder (holding APP-META.xml). Default: `[package] root` of aps-pack.toml, else the current folder.
    pub dir: Option<PathBuf>,
    /// Print the new version and release without changing APP-META.xml.
    #[arg(long)]
    pub dry_run: bool,
    /// Configuration file (default: aps-pack.toml found from DIR upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// `json` prints the file, the old and the new version and release, and whether it was written.
    #[arg(long, value_enum, default_value_t = BumpFormat::Human)]
    pub format: BumpFormat,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let start = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let (loaded, config_diags) = config::load(args.config.as_deref(), &start)?;
    if config_diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(CliError::new("aps-pack.toml has errors, so the package folder is not known")
            .with_help("run `aps-pack config` to see them"));
    }
    let dir = super::build::package_dir(args.dir.as_deref(), &loaded);
    let path = dir.join(aps_model::APP_META);
    if !path.is_file() {
        return Err(CliError::new(format!("{}: not an APS package (no APP-META.xml)", dir.display()))
            .with_help("pass the package folder (the one holding APP-META.xml)"));
    }
    let shown = aps_diag::display_path(&path);
    let bytes = std::fs::read(&path).map_err(|e| CliError::new(format!("{shown}: cannot read it: {e}")))?;
    let (file, bad_utf8) = SourceFile::from_bytes(shown.clone(), bytes);
    if let Some(at) = bad_utf8 {
        let lc = file.line_col(at);
        return Err(CliError::new(format!(
            "{shown}:{}:{}: not UTF-8, so it is not rewritten",
            lc.line, lc.column
        ))
        .with_help("save APP-META.xml as UTF-8 (run `aps-pack lint` for details)"));
    }
    let (meta, diags) = aps_model::parse_app_meta(&file);
    let first_error = diags.iter().find(|d| d.severity == Severity::Error);
    let meta = match (meta, first_error) {
        (Some(meta), None) => meta,
        (_, error) => {
            let at = error
                .and_then(|d| d.span.map(|s| file.line_col(s.start)))
                .map(|lc| format!(":{}:{}", lc.line, lc.column))
                .unwrap_or_default();
            let why = error
                .map_or("it is not APS 2 metadata".to_string(), |d| format!("{} {}", d.rule.code, d.message));
            return Err(CliError::new(format!("{shown}{at}: {why}; not rewritten"))
                .with_help("fix APP-META.xml first (`aps-pack lint` lists every finding)"));
        }
    };
    let part = match args.part {
        PartArg::Major => Part::Major,
        PartArg::Minor => Part::Minor,
        PartArg::Patch => Part::Patch,
        PartArg::Release => Part::Release,
    };
    let bumped = bump(&meta, part).map_err(|e| CliError::new(format!("{shown}: {e}")).with_help(e.help()))?;
    if !args.dry_run {
        aps_diag::atomic::replace(&path, bumped.text.as_bytes(), true)
            .map_err(|e| CliError::new(format!("{shown}: cannot write it: {e}")))?;
    }
    let (old, new) = (
        format!("{}-{}", bumped.old_version, bumped.old_release),
        format!("{}-{}", bumped.version, bumped.release),
    );
    match args.format {
        BumpFormat::Json => {
            let json = serde_json::json!({
                "file": shown,
                "old": { "version": bumped.old_version, "release": bumped.old_release },
                "new": { "version": bumped.version, "release": bumped.release },
                "written": !args.dry_run,
            });
            print_stdout(&format!("{json:#}\n"));
        }
        _ if args.dry_run => print_stdout(&format!("{shown}: {old} → {new} (dry run, not written)\n")),
        _ => print_stdout(&format!("{shown}: {old} → {new}\n")),
    }
    ctx.detail("only <version> and <release> changed; every other byte of APP-META.xml is as it was");
    Ok(ExitCode::SUCCESS)
}
