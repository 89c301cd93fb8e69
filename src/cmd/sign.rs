//! `aps-pack sign PKG.app.zip`: sign an archive, or add a signer to a signed one.
//! Also home of the signing options `build` shares.

use crate::config::{self, Loaded};
use crate::output::DiagArgs;
use crate::{CliError, Ctx};
use aps_archive::build::BuildError;
use aps_archive::keys::Signer;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The environment variable holding the PKCS#12 password unless configured otherwise.
pub const DEFAULT_PASSWORD_ENV: &str = "APS_PACK_PFX_PASSWORD";

/// Where the signing key comes from. Command-line options win over `[sign]` in aps-pack.toml.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SignArgs {
    /// Sign with this PKCS#12 file (.pfx/.p12, as `aps build -c` takes). Its password comes
    /// from the environment variable named by --sign-password-env, or from --sign-password-file.
    #[arg(long, value_name = "FILE", conflicts_with = "sign_key")]
    pub sign_pfx: Option<PathBuf>,
    /// File whose first line is the PKCS#12 password (the password is never taken on the command line).
    #[arg(long, value_name = "FILE")]
    pub sign_password_file: Option<PathBuf>,
    /// Environment variable holding the PKCS#12 password [default: APS_PACK_PFX_PASSWORD].
    #[arg(long, value_name = "NAME")]
    pub sign_password_env: Option<String>,
    /// Sign with this PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted); needs --sign-cert.
    #[arg(long, value_name = "KEY.pem", requires = "sign_cert")]
    pub sign_key: Option<PathBuf>,
    /// PEM certificate of the --sign-key key.
    #[arg(long, value_name = "CERT.pem", requires = "sign_key")]
    pub sign_cert: Option<PathBuf>,
    /// PEM file of intermediate certificates to embed with the signer's.
    #[arg(long, value_name = "CHAIN.pem")]
    pub sign_chain: Option<PathBuf>,
}

fn read_text(path: &Path, what: &str) -> Result<String, CliError> {
    read_pem_text(path, what)
}

/// A PEM file's text; a binary file (a DER key, a .pfx) gets a message saying so.
pub fn read_pem_text(path: &Path, what: &str) -> Result<String, CliError> {
    crate::output::expect_path(path, crate::output::PathKind::File, &format!("the {what} (a PEM file)"))?;
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::new(format!("{}: cannot be read ({e})", path.display())))?;
    String::from_utf8(bytes).map_err(|_| {
        CliError::new(format!("the {what} {} is not a PEM file (it is binary, not text)", path.display()))
            .with_help("give a PEM file (text starting with `-----BEGIN`); convert DER with `openssl x509 -inform der` / `openssl pkey -inform der`, or pass a .pfx with --sign-pfx")
    })
}

/// A path from an environment variable named in the config, else from the config itself.
fn env_or_config(loaded: &Loaded, env_name: &Option<String>, value: &Option<String>) -> Option<PathBuf> {
    if let Some(name) = env_name {
        if let Some(v) = std::env::var_os(name).filter(|v| !v.is_empty()) {
            return Some(PathBuf::from(v));
        }
    }
    value.as_deref().map(|v| loaded.resolve(v))
}

impl SignArgs {
    /// Whether any signing option was given on the command line.
    pub fn given(&self) -> bool {
        self.sign_pfx.is_some() || self.sign_key.is_some()
    }

    /// The signer described by the options, else by `[sign]` in the configuration; `None` when neither names a key.
    pub fn load(&self, loaded: &Loaded) -> Result<Option<Signer>, CliError> {
        let cfg = &loaded.config.sign;
        let (pfx, key, cert, chain) = if self.given() {
            (self.sign_pfx.clone(), self.sign_key.clone(), self.sign_cert.clone(), self.sign_chain.clone())
        } else {
            let pfx = env_or_config(loaded, &cfg.pfx_env, &cfg.pfx);
            let key = env_or_config(loaded, &cfg.key_env, &cfg.key);
            let cert = cfg.cert.as_deref().map(|c| loaded.resolve(c));
            let chain = cfg.chain.as_deref().map(|c| loaded.resolve(c));
            (pfx, key, cert, chain)
        };
        if let Some(pfx) = pfx {
            crate::output::expect_path(&pfx, crate::output::PathKind::File, "the PKCS#12 (.pfx) file")?;
            let bytes = std::fs::read(&pfx)
                .map_err(|e| CliError::new(format!("{}: cannot be read ({e})", pfx.display())))?;
            let password = self.password(loaded)?;
            return Signer::from_pkcs12(&bytes, &password)
                .map(Some)
                .map_err(|e| CliError::new(format!("{}: {e}", pfx.display())));
        }
        let Some(key) = key else {
            if cert.is_some() {
                return Err(CliError::new("a signing certificate is configured but no private key")
                    .with_help("set `key` in [sign] of aps-pack.toml, or pass --sign-key"));
            }
            return Ok(None);
        };
        let Some(cert) = cert else {
            return Err(CliError::new("a signing key is configured but no certificate")
                .with_help("set `cert` in [sign] of aps-pack.toml, or pass --sign-cert"));
        };
        let chain_text = match &chain {
            Some(path) => Some(read_text(path, "certificate chain")?),
            None => None,
        };
        Signer::from_pem(
            &read_text(&key, "private key")?,
            &read_text(&cert, "certificate")?,
            chain_text.as_deref(),
        )
        .map(Some)
        .map_err(|e| CliError::new(format!("{}: {e}", key.display())))
    }

    fn password(&self, loaded: &Loaded) -> Result<String, CliError> {
        let cfg = &loaded.config.sign;
        let file = self
            .sign_password_file
            .clone()
            .or_else(|| cfg.password_file.as_deref().map(|f| loaded.resolve(f)));
        if let Some(file) = file {
            let text = read_text(&file, "password file")?;
            return Ok(text.lines().next().unwrap_or("").to_string());
        }
        let name = self
            .sign_password_env
            .clone()
            .or_else(|| cfg.password_env.clone())
            .unwrap_or_else(|| DEFAULT_PASSWORD_ENV.to_string());
        std::env::var(&name).map_err(|e| {
            let why = match e {
                std::env::VarError::NotPresent => "is not set",
                std::env::VarError::NotUnicode(_) => "is not valid UTF-8",
            };
            CliError::new(format!("no PKCS#12 password: the environment variable {name} {why}"))
                .with_help(format!(
                    "export {name}=…, or pass --sign-password-file FILE (never the password itself on the command line)"
                ))
        })
    }
}

/// Warn when the signing certificate is outside its validity period: the
/// archive is still signed (a controller's clock decides), but verifiers
/// checking trust will refuse it today.
pub fn warn_about_validity(signer: &Signer) {
    if let Some(problem) = signer.validity_problem(None) {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(
            stderr,
            "warning: {problem}; `aps-pack verify --trust` and controllers refuse such signatures"
        );
        let _ = writeln!(stderr, "  help: renew the certificate, or sign with one that is valid now");
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The archive to sign.
    pub archive: PathBuf,
    /// Write the signed archive here instead of replacing the input.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub sign: SignArgs,
    /// Largest total uncompressed size accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = aps_archive::zipread::Limits::default().max_total_size)]
    pub max_size: u64,
    /// Configuration file (default: aps-pack.toml found from the archive's folder upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let (loaded, config_diags) = config::load(args.config.as_deref(), &args.archive)?;
    let overrides = args.diag.overrides(&loaded.rule_levels())?;
    if args.diag.has_errors(&config_diags) {
        return Ok(args.diag.emit(ctx, overrides.apply(config_diags)));
    }
    if let Some(out) = args.output.as_ref().filter(|o| o.is_dir()) {
        return Err(CliError::new(format!(
            "-o {}: is a folder; -o takes the path of the signed archive file",
            out.display()
        ))
        .with_help(format!("for example -o {}", out.join("signed.app.zip").display())));
    }
    let Some(signer) = args.sign.load(&loaded)? else {
        return Err(CliError::new("no signing key given")
            .with_help("pass --sign-pfx FILE, or --sign-key KEY.pem --sign-cert CERT.pem (or configure [sign] in aps-pack.toml)"));
    };
    warn_about_validity(&signer);
    let display = aps_diag::display_path(&args.archive);
    let output = args.output.clone().unwrap_or_else(|| args.archive.clone());
    let limits = aps_archive::zipread::Limits { max_total_size: args.max_size, ..Default::default() };
    match aps_archive::resign::sign_archive(
        &args.archive,
        &display,
        &output,
        std::slice::from_ref(&signer),
        &limits,
    ) {
        Ok(outcome) => {
            ctx.status(format_args!(
                "signed {} as `{}` ({} signature(s) now)",
                outcome.path.display(),
                signer.subject,
                outcome.signatures
            ));
            let mut diags = config_diags;
            diags.extend(outcome.diagnostics);
            let result = args.diag.wants_result().then(|| {
                serde_json::json!({
                    "command": "sign",
                    "artifacts": [crate::results::written("app.zip", &outcome.path, &outcome.archive)],
                    "signers": [crate::results::signer(&signer)],
                    "signatures": outcome.signatures,
                })
            });
            Ok(args.diag.emit_with(ctx, overrides.apply(diags), result.as_ref()))
        }
        Err(BuildError::Findings(diags)) => {
            ctx.status(format_args!("not signed: {} fails verification", args.archive.display()));
            let code = args.diag.emit(ctx, crate::output::keep_stopping_errors(&overrides, diags));
            Ok(if code == ExitCode::SUCCESS { ExitCode::from(1) } else { code })
        }
        Err(other) => Err(CliError::new(other.to_string())),
    }
}
