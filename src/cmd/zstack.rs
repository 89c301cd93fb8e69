//! `aps-pack zstack …`: ZStack Cloud Application Market releases.

use crate::output::DiagArgs;
use crate::{CliError, Ctx};
use aps_zstack::package;
use aps_zstack::repo::{self, Outcome, PublishInput, PublishOptions, RepoError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum ZstackCommand {
    /// Build a reproducible application.tar.gz and the self-extracting .bin installer for one version.
    Package(PackageArgs),
    /// Put versions (folders or .bin installers) into a repository; update manifest.json, then index.json.
    Publish(PublishArgs),
    /// Regenerate a repository's index.json from its <app>/<arch>/<version> folders.
    Index(IndexArgs),
    /// Check a repository against its index.json, its manifest.json and the expected layout.
    VerifyRepo(VerifyRepoArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Arch {
    #[value(name = "x86_64")]
    X86_64,
    #[value(name = "aarch64")]
    Aarch64,
}

impl Arch {
    fn as_str(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Aarch64 => "aarch64",
        }
    }
}

/// One application version's facts, where its folder's layout (`<app>/<arch>/<version>`),
/// application.json or `[zstack]` of aps-pack.toml do not give them.
#[derive(Debug, Clone, clap::Args)]
pub struct AppVersionArgs {
    /// Architecture of the version. Default: the parent folder's name when the folder is laid out
    /// as `<app>/<arch>/<version>` (`package`: else `[zstack] arch` of aps-pack.toml when it names one).
    #[arg(long, value_enum)]
    pub arch: Option<Arch>,
    /// Version number (also the repository folder name), such as 11.2.0. Default: the folder's name.
    /// (Not `--version`, which every command keeps for aps-pack's own version, with `-V`.)
    #[arg(id = "app_version", long = "app-version", value_name = "V")]
    pub version: Option<String>,
    /// Repository folder to publish under. Default: appId of application.json (`package`:
    /// `[zstack] app-id` of aps-pack.toml first).
    #[arg(long, value_name = "ID")]
    pub app_id: Option<String>,
    /// The VM image (qcow2) shipped with the version; without it the installer is a `__no_images` one.
    #[arg(long, value_name = "FILE")]
    pub image: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct PackageArgs {
    /// The application version folder (application.json, input.json, output.json, logo.png, src/).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    #[command(flatten)]
    pub app: AppVersionArgs,
    /// Output folder: writes application_targz/<id>/<arch>/<version>/application.tar.gz and
    /// application_bins/<id>/<arch>/<version>/<id>__<arch>__<version>.bin (application_no_image_bins/… without image).
    #[arg(long = "out-dir", value_name = "OUTDIR", default_value = "dist")]
    pub out_dir: PathBuf,
    /// Configuration file (default: aps-pack.toml found from DIR upwards); `[zstack]` gives defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// Application version folders (laid out as …/<app>/<arch>/<version>, or give --arch and --app-version)
    /// and .bin installers made by `aps-pack zstack package`.
    #[arg(value_name = "DIR|BIN", required = true)]
    pub inputs: Vec<PathBuf>,
    /// The repository: a (CDN) folder, or S3-compatible object storage as s3://BUCKET/PREFIX
    /// (credentials and endpoint from AWS_* environment variables). It holds index.json,
    /// manifest.json, <app>/<arch>/<version>/. Default: `[zstack] repo` of aps-pack.toml.
    #[arg(long, value_name = "CDN_DIR|s3://BUCKET/PREFIX")]
    pub repo: Option<PathBuf>,
    /// Configuration file (default: aps-pack.toml found from the first input upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Replace versions already published with different bytes.
    #[arg(long)]
    pub force: bool,
    // With exactly one DIR input: what its layout and application.json do not say.
    #[command(flatten)]
    pub app: AppVersionArgs,
    #[command(flatten)]
    pub diag: DiagArgs,
}

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// The repository folder, or s3://BUCKET/PREFIX.
    #[arg(value_name = "CDN_DIR|s3://BUCKET/PREFIX")]
    pub repo: PathBuf,
    /// Only check: exit 1 when index.json does not list exactly the folders.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, clap::Args)]
pub struct VerifyRepoArgs {
    /// The repository folder, or s3://BUCKET/PREFIX (every object is read and checked).
    #[arg(value_name = "CDN_DIR|s3://BUCKET/PREFIX")]
    pub repo: PathBuf,
    #[command(flatten)]
    pub diag: DiagArgs,
}

pub fn run(cmd: ZstackCommand, ctx: &Ctx) -> Result<ExitCode, CliError> {
    match cmd {
        ZstackCommand::Package(a) => run_package(a, ctx),
        ZstackCommand::Publish(a) => run_publish(a, ctx),
        ZstackCommand::Index(a) => run_index(a, ctx),
        ZstackCommand::VerifyRepo(a) => run_verify(a, ctx),
    }
}

fn check_name(flag: &str, value: &str) -> Result<(), CliError> {
    match aps_zstack::unsafe_name_reason(value) {
        None => Ok(()),
        Some(why) => {
            Err(CliError::new(format!("{flag} `{value}` cannot be a repository folder name: {why}"))
                .with_help("use ASCII letters, digits, `.`, `_`, `-`, `+`, not starting with `.` or `-`"))
        }
    }
}

fn epoch() -> Result<u64, CliError> {
    aps_zstack::source_date_epoch()
        .map_err(|e| CliError::new(e.to_string()).with_help("unset it, or give a plain number"))
}

/// A file named on the command line must exist before any work starts (exit 2, not a finding).
fn require_file(flag: &str, path: &Path) -> Result<(), CliError> {
    crate::output::expect_path(path, crate::output::PathKind::File, &format!("the qcow2 image for {flag}"))
}

fn require_app_dir(dir: &Path) -> Result<(), CliError> {
    crate::output::expect_path(
        dir,
        crate::output::PathKind::Folder,
        "the application version folder (the one holding application.json)",
    )?;
    if !aps_zstack::is_app_dir(dir) {
        return Err(CliError::new(format!("{} holds no application.json", dir.display()))
            .with_help("give the application version folder, such as applications/<app>/<arch>/<version>"));
    }
    Ok(())
}

/// Fill what the command line left out from `[zstack]` of aps-pack.toml.
fn package_defaults(
    mut a: PackageArgs,
    loaded: &crate::config::Loaded,
) -> Result<(PackageArgs, Arch, String), CliError> {
    let z = &loaded.config.zstack;
    if a.app.app_id.is_none() {
        a.app.app_id = z.app_id.clone();
    }
    if a.app.image.is_none() {
        a.app.image = z.image.as_deref().map(|i| loaded.resolve(i));
    }
    // `…/<arch>/<version>` says it, as it says the version.
    let from_layout = repo::infer_place(&a.dir)
        .and_then(|(_, arch, _)| <Arch as clap::ValueEnum>::from_str(&arch, false).ok());
    let arch = match (a.app.arch, from_layout, z.arch.as_slice()) {
        (Some(arch), _, _) => arch,
        (None, Some(arch), _) => arch,
        (None, None, [one]) => <Arch as clap::ValueEnum>::from_str(one, false).map_err(|_| {
            CliError::new(format!("aps-pack.toml: [zstack] arch `{one}` is not x86_64 or aarch64"))
        })?,
        (None, None, _) => {
            return Err(CliError::new("which architecture? give --arch x86_64|aarch64")
                .with_help("or lay the folder out as <app>/<arch>/<version>, or set `arch = [\"x86_64\"]` under [zstack] in aps-pack.toml"))
        }
    };
    let version = match &a.app.version {
        Some(v) => v.clone(),
        None => std::fs::canonicalize(&a.dir)
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
            .ok_or_else(|| CliError::new("which version? give --app-version"))?,
    };
    if !z.versions.is_empty() && !z.versions.contains(&version) {
        return Err(CliError::new(format!(
            "version `{version}` is not one of [zstack] versions in aps-pack.toml"
        ))
        .with_help(format!("listed: {}", z.versions.join(", "))));
    }
    Ok((a, arch, version))
}

fn run_package(a: PackageArgs, ctx: &Ctx) -> Result<ExitCode, CliError> {
    require_app_dir(&a.dir)?;
    refuse_output_inside(&a.out_dir, &a.dir)?;
    check_out_dir(&a.out_dir)?;
    let (loaded, config_diags) = crate::config::load(a.config.as_deref(), &a.dir)?;
    let levels = loaded.rule_levels();
    // Findings are printed once: when they stop the command, or at the end with the result.
    let overrides = a.diag.overrides(&levels)?;
    let mut found = overrides.apply(config_diags);
    if a.diag.fails(&found) {
        return Ok(a.diag.emit(ctx, found));
    }
    let (a, arch, version) = package_defaults(a, &loaded)?;
    if let Some(image) = &a.app.image {
        require_file("--image", image)?;
    }
    check_name("--app-version", &version)?;
    if let Some(id) = &a.app.app_id {
        check_name("--app-id", id)?;
    }
    let mtime = epoch()?;
    let display = aps_diag::display_path(&a.dir);
    let prepared = package::prepare(&a.dir, &display, a.app.app_id.as_deref(), a.app.image.as_deref());
    found.extend(overrides.apply(prepared.diagnostics.clone()));
    if a.diag.fails(&found) {
        let code = a.diag.emit(ctx, found);
        ctx.status("nothing was written: fix the errors above");
        return Ok(code);
    }
    let Some(app_id) = a.app.app_id.clone().or_else(|| prepared.app_id_in_file.clone()) else {
        return Err(CliError::new("application.json has no appId").with_help("add `appId`, or give --app-id"));
    };
    let arch = arch.as_str();
    let progress = crate::progress::for_ctx(ctx);
    let done = package::build(
        &prepared,
        &app_id,
        arch,
        &version,
        a.app.image.as_deref(),
        mtime,
        &a.out_dir,
        progress.as_ref(),
    )
    .map_err(package_failure)?;
    ctx.status(format_args!(
        "wrote {} ({} bytes, sha256 {})",
        done.targz_path.display(),
        done.targz.size,
        done.targz.sha256
    ));
    ctx.status(format_args!(
        "wrote {} ({} bytes, payload sha256 {})",
        done.bin_path.display(),
        done.bin.size,
        done.bin.header.payload_sha256
    ));
    ctx.detail(format_args!(
        "install on the management node: bash {} [REPO_PATH]   (default /opt/zstack-marketplace-repo)",
        done.bin_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    if found.is_empty() && a.diag.only_human_on_stdout() {
        return Ok(ExitCode::SUCCESS);
    }
    let result = a.diag.wants_result().then(|| {
        serde_json::json!({
            "command": "zstack package",
            "artifacts": [
                crate::results::hashed("application.tar.gz", &done.targz_path, done.targz.size, &done.targz.sha256),
                crate::results::written("bin", &done.bin_path, &done.bin_file),
            ],
            "application": { "app_id": app_id, "arch": arch, "version": version },
            "payload_sha256": done.bin.header.payload_sha256,
        })
    });
    Ok(a.diag.emit_with(ctx, found, result.as_ref()))
}

/// `--out-dir` must be a folder, or a path where one can be made: said before any work.
fn check_out_dir(out_dir: &Path) -> Result<(), CliError> {
    let Some(obstacle) = aps_diag::atomic::folder_obstacle(out_dir) else { return Ok(()) };
    let message = match obstacle.is(out_dir) {
        true => format!("the output folder {obstacle}"),
        false => format!("the output folder {} cannot be created: {obstacle}", out_dir.display()),
    };
    Err(CliError::new(message)
        .with_help("give --out-dir a folder, or a path where aps-pack can create one (default: `dist`)"))
}

/// Writing the artefacts failed: the error names the file; neither artefact was left.
fn package_failure(e: std::io::Error) -> CliError {
    let nothing = "neither application.tar.gz nor the .bin was written";
    let what_to_do = match e.kind() {
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory => {
            Some("move it out of the way, or give another --out-dir")
        }
        kind => crate::output::out_of_room_help(kind),
    };
    let help = match what_to_do {
        Some(what_to_do) => format!("{nothing}: {what_to_do}, and run again"),
        None => nothing.to_string(),
    };
    CliError::new(e.to_string()).with_help(help)
}

fn repo_failure(e: RepoError, diag: Option<&DiagArgs>, ctx: &Ctx) -> Result<ExitCode, CliError> {
    if !e.diagnostics.is_empty() {
        match diag {
            Some(d) => {
                let diags = d.overrides(&Default::default())?.apply(e.diagnostics);
                d.emit(ctx, diags);
            }
            None => {
                DiagArgs::default().emit(ctx, e.diagnostics);
            }
        }
    }
    let mut err = CliError::new(e.message);
    err.help = e.help;
    if e.refused {
        ctx.print_error(&err);
        Ok(ExitCode::from(1))
    } else {
        Err(err)
    }
}

/// Where a repository is kept.
enum Target {
    Folder(PathBuf),
    Objects(repo::RepoUrl),
}

/// `s3://BUCKET/PREFIX` is object storage; anything else a folder.
fn target(p: &Path) -> Result<Target, CliError> {
    match p.to_str().map(repo::RepoUrl::parse) {
        Some(Err(e)) => {
            let mut err = CliError::new(e.message);
            err.help = e.help;
            Err(err)
        }
        Some(Ok(Some(url))) => Ok(Target::Objects(url)),
        _ => Ok(Target::Folder(p.to_path_buf())),
    }
}

fn run_publish(a: PublishArgs, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let start = a.inputs.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let (loaded, _) = crate::config::load(a.config.as_deref(), &start)?;
    let repo_dir = match (&a.repo, &loaded.config.zstack.repo) {
        (Some(r), _) => r.clone(),
        (None, Some(r)) if r.starts_with("s3://") => PathBuf::from(r),
        (None, Some(r)) => loaded.resolve(r),
        (None, None) => {
            return Err(CliError::new("where to publish? give --repo CDN_DIR or --repo s3://BUCKET/PREFIX")
                .with_help("or set `repo = \"…\"` under [zstack] in aps-pack.toml"))
        }
    };
    let dir_count = a.inputs.iter().filter(|p| p.is_dir()).count();
    let single_dir_flags =
        a.app.arch.is_some() || a.app.version.is_some() || a.app.app_id.is_some() || a.app.image.is_some();
    if single_dir_flags && dir_count != 1 {
        return Err(CliError::new(
            "--arch, --app-version, --app-id and --image apply to exactly one DIR input",
        )
        .with_help(
            "lay folders out as <app>/<arch>/<version> to publish several; .bin installers carry their own",
        ));
    }
    if let Some(v) = &a.app.version {
        check_name("--app-version", v)?;
    }
    if let Some(id) = &a.app.app_id {
        check_name("--app-id", id)?;
    }
    if let Some(image) = &a.app.image {
        require_file("--image", image)?;
    }
    let mut inputs = Vec::new();
    for path in &a.inputs {
        if path.is_dir() {
            require_app_dir(path)?;
            let place = repo::infer_place(path);
            let arch = match (a.app.arch, &place) {
                (Some(arch), _) => arch.as_str().to_string(),
                (None, Some((_, arch, _))) => arch.clone(),
                (None, None) => {
                    return Err(CliError::new(format!("{}: cannot tell its architecture", path.display()))
                        .with_help("give --arch, or lay the folder out as <app>/<arch>/<version>"))
                }
            };
            let version = match (&a.app.version, &place) {
                (Some(v), _) => v.clone(),
                (None, Some((_, _, v))) => {
                    check_name("the folder name (version)", v)?;
                    v.clone()
                }
                (None, None) => {
                    return Err(CliError::new(format!("{}: cannot tell its version", path.display()))
                        .with_help("give --app-version, or lay the folder out as <app>/<arch>/<version>"))
                }
            };
            inputs.push(PublishInput::Dir {
                dir: path.clone(),
                display: aps_diag::display_path(path),
                arch,
                version,
                app_id: a.app.app_id.clone(),
                image: a.app.image.clone(),
            });
        } else if path.is_file() {
            // Checked before anything is staged: a file that is not an installer is bad input (exit 2).
            if let Err(why) = aps_zstack::bin::read_header(path) {
                return Err(CliError::new(format!("{}: {why}", path.display())).with_help(
                    "give an installer made by `aps-pack zstack package`, or an application version folder",
                ));
            }
            inputs.push(PublishInput::Bin { path: path.clone() });
        } else {
            crate::output::expect_path(
                path,
                crate::output::PathKind::Either,
                "an installer (.bin) or an application version folder",
            )?;
        }
    }
    let opts = PublishOptions {
        force: a.force,
        mtime: epoch()?,
        update_at: aps_zstack::index_timestamp().map_err(|e| CliError::new(e.to_string()))?,
        deny_warnings: a.diag.deny_warnings,
    };
    let published = match target(&repo_dir)? {
        Target::Folder(dir) => repo::publish(&dir, &aps_diag::display_path(&dir), &inputs, &opts),
        Target::Objects(url) => repo::ObjectRepo::open(&url).and_then(|r| {
            let progress = crate::progress::for_ctx(ctx);
            repo::publish_objects(&r, &inputs, &opts, progress.as_ref())
        }),
    };
    let report = match published {
        Ok(r) => r,
        Err(e) => return repo_failure(e, Some(&a.diag), ctx),
    };
    let warnings = a.diag.overrides(&Default::default())?.apply(report.diagnostics.clone());
    for v in &report.versions {
        let what = match v.outcome {
            Outcome::Added => "added",
            Outcome::Unchanged => "unchanged",
            Outcome::Replaced => "replaced",
        };
        let kept = if v.kept_image { " (kept the image already published)" } else { "" };
        ctx.status(format_args!("{what}: {} {} {}{kept}", v.app_id, v.arch, v.version));
    }
    ctx.status(if report.manifest_written { "wrote manifest.json" } else { "manifest.json unchanged" });
    ctx.status(if report.index_written { "wrote index.json" } else { "index.json unchanged" });
    if warnings.is_empty() && a.diag.only_human_on_stdout() {
        return Ok(ExitCode::SUCCESS);
    }
    let result = publish_result(&repo_dir, &report);
    Ok(a.diag.emit_with(ctx, warnings, Some(&result)))
}

/// What `zstack publish --format json` adds as `result`: each version, what became of it and
/// its files (path, size, SHA-256 as the manifest records them), and every object written
/// (the version's files, manifest, index), relative to the repository.
fn publish_result(repo_dir: &Path, report: &repo::PublishReport) -> serde_json::Value {
    let mut objects: Vec<String> = Vec::new();
    let versions: Vec<serde_json::Value> = report
        .versions
        .iter()
        .map(|v| {
            let outcome = match v.outcome {
                Outcome::Added => "added",
                Outcome::Unchanged => "unchanged",
                Outcome::Replaced => "replaced",
            };
            let folder = format!("{}/{}/{}/", v.app_id, v.arch, v.version);
            let files: Vec<serde_json::Value> = v
                .files
                .iter()
                .map(|(name, entry)| {
                    let path = format!("{folder}{name}");
                    // A kept image was already there: this run wrote only the version's own files.
                    let kept = v.kept_image && name == "image.qcow2";
                    if v.outcome != Outcome::Unchanged && !kept {
                        objects.push(path.clone());
                    }
                    serde_json::json!({ "path": path, "size": entry.size, "sha256": entry.sha256 })
                })
                .collect();
            serde_json::json!({
                "app_id": v.app_id, "arch": v.arch, "version": v.version,
                "outcome": outcome, "kept_image": v.kept_image, "folder": folder, "files": files,
            })
        })
        .collect();
    if report.manifest_written {
        objects.push(repo::MANIFEST.to_string());
    }
    if report.index_written {
        objects.push(repo::INDEX.to_string());
    }
    serde_json::json!({
        "command": "zstack publish",
        "repository": aps_diag::display_path(repo_dir),
        "versions": versions,
        "objects": objects,
        "manifest_written": report.manifest_written,
        "index_written": report.index_written,
    })
}

fn run_index(a: IndexArgs, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let update_at = aps_zstack::index_timestamp().map_err(|e| CliError::new(e.to_string()))?;
    let (outcome, index) = match target(&a.repo)? {
        Target::Folder(dir) => (
            repo::regenerate_index(&dir, &aps_diag::display_path(&dir), update_at, !a.check),
            dir.join(repo::INDEX).display().to_string(),
        ),
        Target::Objects(url) => (
            repo::ObjectRepo::open(&url).and_then(|r| repo::regenerate_index_in(&r, update_at, !a.check)),
            format!("{url}/{}", repo::INDEX),
        ),
    };
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => return repo_failure(e, None, ctx),
    };
    for d in &outcome.diagnostics {
        ctx.status(format_args!("warning[{}]: {}", d.code(), d.message));
    }
    match (a.check, outcome.changed) {
        (true, true) => {
            ctx.status(format_args!("{index} does not list exactly the repository's folders"));
            ctx.status("  help: run `aps-pack zstack index` without --check to rewrite it");
            Ok(ExitCode::from(1))
        }
        (false, true) => {
            ctx.status(format_args!("wrote {index}"));
            Ok(ExitCode::SUCCESS)
        }
        (_, false) => {
            ctx.status(format_args!("{index} is up to date"));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_verify(a: VerifyRepoArgs, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let verified = match target(&a.repo)? {
        Target::Folder(dir) => repo::verify_repo(&dir, &aps_diag::display_path(&dir)),
        Target::Objects(url) => repo::ObjectRepo::open(&url).and_then(|r| repo::verify_in(&r)),
    };
    let diags = match verified {
        Ok(d) => d,
        Err(e) => return repo_failure(e, Some(&a.diag), ctx),
    };
    let diags = a.diag.overrides(&Default::default())?.apply(diags);
    Ok(a.diag.emit(ctx, diags))
}

/// An output folder inside the application folder would be packed into the next build's
/// `application.tar.gz` (each run growing the last one): refuse it.
fn refuse_output_inside(out_dir: &Path, app_dir: &Path) -> Result<(), CliError> {
    let absolute = std::env::current_dir().map(|c| c.join(out_dir)).unwrap_or_else(|_| out_dir.to_path_buf());
    let Some(existing) = absolute.ancestors().find(|a| a.exists()) else { return Ok(()) };
    let (Ok(out), Ok(app)) = (std::fs::canonicalize(existing), std::fs::canonicalize(app_dir)) else {
        return Ok(());
    };
    let rest = absolute.strip_prefix(existing).unwrap_or(Path::new(""));
    if out.join(rest).starts_with(&app) {
        return Err(CliError::new(format!(
            "the output folder {} is inside the application folder {}, whose content is packaged",
            out_dir.display(),
            app_dir.display()
        ))
        .with_help(
            "give --out-dir a folder outside it (the default `dist` is relative to the current folder)",
        ));
    }
    Ok(())
}
