use crate::{CliError, Ctx};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to create the package in (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Application name (default: from the folder name).
    #[arg(long)]
    pub name: Option<String>,
    /// Application id, an absolute URI (default: http://example.com/<folder>).
    #[arg(long)]
    pub id: Option<String>,
    /// Vendor name.
    #[arg(long)]
    pub vendor: Option<String>,
    /// Vendor homepage.
    #[arg(long)]
    pub homepage: Option<String>,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let folder_name = std::fs::canonicalize(&args.dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| args.dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "my-app".into());
    let mut opts = aps_scaffold::Options::from_dir_name(&folder_name);
    if let Some(name) = args.name {
        opts.name = name;
    }
    if let Some(id) = args.id {
        opts.id = id;
    }
    if let Some(vendor) = args.vendor {
        opts.vendor = vendor;
    }
    if let Some(homepage) = args.homepage {
        opts.homepage = homepage;
    }
    opts.extend = inherited_config(&args.dir);
    let files = aps_scaffold::render(&opts).map_err(|e| {
        CliError::new(e.to_string())
            .with_help("for example: aps-pack init my-app --id http://example.com/my-app")
    })?;
    let written = aps_scaffold::write(&args.dir, &files, args.force).map_err(|e| match e {
        aps_scaffold::WriteError::Exists(_) => CliError::new(e.to_string())
            .with_help("pass --force to overwrite them, or choose an empty folder"),
        other => CliError::new(other.to_string()),
    })?;
    for path in &written {
        ctx.detail(format_args!("wrote {}", path.display()));
    }
    ctx.status(format_args!(
        "created APS package `{}` ({}) in {}: {} files\nnext: aps-pack lint {dir} && aps-pack build {dir}",
        opts.name,
        opts.id,
        args.dir.display(),
        written.len(),
        dir = args.dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// The path, relative to the new package folder `dir`, of the `aps-pack.toml` found above it
/// (up to the repository root), so that the new package's own file extends it.
fn inherited_config(dir: &std::path::Path) -> Option<String> {
    let absolute = std::env::current_dir().ok()?.join(dir);
    // The folders of the new package may not exist yet: start from the nearest that does.
    let existing = absolute.ancestors().skip(1).find(|a| a.is_dir())?;
    let found = crate::config::find(existing)?;
    let base = std::fs::canonicalize(existing).ok()?.join(absolute.strip_prefix(existing).ok()?);
    let found = std::fs::canonicalize(found).ok()?;
    let common = base.ancestors().find(|a| found.starts_with(a))?;
    let ups = base.strip_prefix(common).ok()?.components().count();
    let down = found.strip_prefix(common).ok()?;
    let mut rel = "../".repeat(ups);
    rel.push_str(&aps_diag::display_path(down));
    Some(rel)
}
