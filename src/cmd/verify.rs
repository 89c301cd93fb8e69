//! `aps-pack verify PKG.app.zip`: structure, APP-LIST.xml, hashes, signatures
//! (and trust), then the package lints — each problem with its own rule.

use crate::config;
use crate::output::DiagArgs;
use crate::pipeline::{self, PackageLintOptions};
use crate::{CliError, Ctx};
use aps_archive::source::ArchiveSource;
use aps_archive::verify::VerifyOptions;
use aps_archive::zipread::Limits;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The archive to check.
    pub archive: PathBuf,
    /// Trusted certificate(s) (PEM): every signature must chain to one of them (repeatable).
    #[arg(long, value_name = "CERT.pem")]
    pub trust: Vec<PathBuf>,
    /// Fail when the package is not signed.
    #[arg(long)]
    pub require_signature: bool,
    /// Largest total uncompressed size accepted, in bytes (zip-bomb guard).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_total_size)]
    pub max_size: u64,
    /// Largest compression ratio accepted for entries over 64 MiB (zip-bomb guard).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_ratio)]
    pub max_ratio: u64,
    /// Skip the package lints (check only the archive and its signatures).
    #[arg(long)]
    pub no_lint: bool,
    /// Configuration file (default: aps-pack.toml found from the archive's folder upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    if args.archive.is_dir() {
        return Err(CliError::new(format!("{}: is a folder, not an archive", args.archive.display()))
            .with_help(format!(
                "verify checks a built .app.zip; to check a package folder run `aps-pack lint {}`",
                args.archive.display()
            )));
    }
    crate::output::expect_path(&args.archive, crate::output::PathKind::File, "the .app.zip to check")?;
    let (loaded, mut diags) = config::load(args.config.as_deref(), &args.archive)?;
    // Asking for trust is asking for these checks: a configuration file in any
    // folder above the archive must not be able to switch them off.
    let overrides = if !args.trust.is_empty() || args.require_signature {
        args.diag.overrides_guarding(
            &loaded.rule_levels(),
            &aps_archive::rules::is_integrity,
            "--trust and --require-signature keep signature and archive checks at their level",
        )?
    } else {
        args.diag.overrides(&loaded.rule_levels())?
    };
    let mut trust = Vec::new();
    for path in &args.trust {
        let text = super::sign::read_pem_text(path, "trusted certificate")?;
        let certs = aps_archive::keys::certificates_from_pem(&text)
            .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?;
        if certs.is_empty() {
            return Err(CliError::new(format!("{}: no PEM certificate in it", path.display())));
        }
        trust.extend(certs);
    }
    let limits =
        Limits { max_total_size: args.max_size, max_ratio: args.max_ratio.max(1), ..Default::default() };
    let opts = VerifyOptions {
        limits,
        signatures: aps_archive::dsig::VerifyOptions { trust, now: None },
        require_signature: args.require_signature,
    };
    let display = aps_diag::display_path(&args.archive);
    let report = aps_archive::verify::verify(&args.archive, &display, &opts);
    diags.extend(report.diagnostics);

    if !args.no_lint && report.checked_content && report.has_app_meta {
        ctx.detail(format_args!("linting the package in {display}"));
        if let Ok((source, _)) = ArchiveSource::open(&args.archive, &display, &limits) {
            let lint_opts =
                PackageLintOptions { wizard: loaded.config.package.wizard.as_deref(), ..Default::default() };
            diags.extend(pipeline::lint_package(Arc::new(source), &lint_opts).diagnostics);
        }
    }
    // Suppression comments travel with the package: what build accepted, verify accepts,
    // within the limits on a packager's comments (never the archive's integrity, and no
    // errors when the archive must come from a trusted signer).
    // Comments are weighed against the final severities (`--severity`, `[rules]`).
    let floor = match (!args.trust.is_empty() || args.require_signature, args.diag.deny_warnings) {
        (false, _) => None,
        (true, false) => Some(aps_diag::Severity::Error),
        (true, true) => Some(aps_diag::Severity::Warning),
    };
    let mut comments = crate::suppress::Suppressions::comments_only(floor);
    comments.checking_archive(&display);
    let diags = comments.filter(overrides.apply(diags));
    let errors = diags.iter().filter(|d| d.severity == aps_diag::Severity::Error).count();
    let signatures = match report.signatures.len() {
        0 => "unsigned".to_string(),
        n => {
            // "valid" alone would read as "trusted": say which of the two each count means.
            let intact = report.signatures.iter().filter(|s| s.valid).count();
            let trusted = report.signatures.iter().filter(|s| s.valid && s.trusted == Some(true)).count();
            let anchors = report.signatures.iter().any(|s| s.trusted.is_some());
            if anchors {
                format!("{n} signature(s): {intact} intact, {trusted} from a trusted signer")
            } else {
                format!("{n} signature(s): {intact} intact, signers not checked (no --trust)")
            }
        }
    };
    if errors == 0 {
        ctx.status(format_args!("{display}: OK ({} files, {signatures})", report.files));
    } else {
        ctx.status(format_args!("{display}: {errors} problem(s) ({signatures})"));
    }
    let code = args.diag.emit(ctx, diags);
    Ok(if !report.checked_content && code == ExitCode::SUCCESS { ExitCode::from(1) } else { code })
}
