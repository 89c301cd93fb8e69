//! `aps-pack localize PKG.app.zip LOCALE.po [--release N]`: a localisation add-on package
//! for an existing application, as the official `aps localize` makes.
//!
//! What the platform's documentation states: the add-on is an APS package bound to its
//! master package, holding the locale's PO file; it is named
//! `<master name>-localization_<locale>-<master version>-<release>.app.zip`, its version is
//! the master's and its release the one given. What it does not state, and is therefore
//! aps-pack's choice: the add-on's APP-META.xml (its id `<master id>/localization/<locale>`,
//! and `<master-package><package id="<master id>"/></master-package>`, the form the APS 1.2
//! format gives add-ons; no services of its own),
//! the compiled catalog `i18n/<locale>.json` beside the PO file, and release 1 by default.

use crate::output::DiagArgs;
use crate::{CliError, Ctx};
use aps_archive::build::{BuildError, BuildOptions, Output};
use aps_archive::select::SelectOptions;
use aps_archive::time::BuildTime;
use aps_diag::{Diagnostic, SourceFile};
use aps_model::PackageSource;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The application's package (the master package of the add-on).
    pub package: PathBuf,
    /// The translations: `<locale>.po`, e.g. `de_DE.po` (the file name gives the locale).
    pub po: PathBuf,
    /// The add-on's release (its version is the master's).
    #[arg(long, value_name = "N", default_value = "1")]
    pub release: String,
    /// Write the add-on to exactly this file.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Write `<name>-localization_<locale>-<version>-<release>.app.zip` into this folder (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

fn xml(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The add-on's APP-META.xml (its form is aps-pack's choice: see the module documentation).
pub fn addon_meta(master: &aps_archive::meta::MetaInfo, locale: &str, release: &str) -> String {
    let id = master.id.as_deref().unwrap_or("").trim();
    let name = master.name.as_deref().unwrap_or("package").trim();
    let version = master.version.as_deref().unwrap_or("0").trim();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<application xmlns="http://aps-standard.org/ns/2" version="2.0">
    <id>{}/localization/{}</id>
    <name>{}-localization_{}</name>
    <version>{}</version>
    <release>{}</release>
    <master-package>
        <package id="{}"/>
    </master-package>
</application>
"#,
        xml(id),
        xml(locale),
        xml(name),
        xml(locale),
        xml(version),
        xml(release),
        xml(id),
    )
}

/// The PO file as the one file of a package, shown under its own path.
struct PoSource {
    rel: String,
    shown: String,
    bytes: Vec<u8>,
}

impl PackageSource for PoSource {
    fn display_root(&self) -> &str {
        ""
    }
    fn files(&self) -> Vec<String> {
        vec![self.rel.clone()]
    }
    fn read(&self, rel: &str) -> Result<Vec<u8>, aps_model::source::SourceError> {
        if rel == self.rel {
            Ok(self.bytes.clone())
        } else {
            Err(aps_model::source::SourceError::NotFound)
        }
    }
    fn exists(&self, rel: &str) -> bool {
        rel == self.rel
    }
    fn size(&self, rel: &str) -> Option<u64> {
        (rel == self.rel).then_some(self.bytes.len() as u64)
    }
    fn display_path(&self, rel: &str) -> String {
        if rel == self.rel {
            self.shown.clone()
        } else {
            rel.to_string()
        }
    }
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let overrides = args.diag.overrides(&Default::default())?;
    crate::output::expect_path(&args.package, crate::output::PathKind::File, "the application's .app.zip")?;
    crate::output::expect_path(&args.po, crate::output::PathKind::File, "the locale's PO file")?;
    let file_name = args.po.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let locale = file_name.strip_suffix(".po").unwrap_or(&file_name).to_string();
    if !aps_i18n::locale::is_valid(&locale) {
        let help = match aps_i18n::locale::suggest(&locale) {
            Some(fixed) => format!("rename it to {fixed}.po: the file name gives the add-on's locale"),
            None => "name the file after its locale, `ll.po` or `ll_CC.po`, e.g. de_DE.po".to_string(),
        };
        return Err(CliError::new(format!(
            "{}: `{locale}` is not a locale name (`ll` or `ll_CC`)",
            args.po.display()
        ))
        .with_help(help));
    }
    if args.release.is_empty() || !args.release.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return Err(CliError::new(format!("--release `{}` is not a release", args.release))
            .with_help("a release is a number such as 1 or 3"));
    }
    let source = match crate::archive::read_archive_source(&args.package)? {
        Ok(source) => source,
        Err(found) => {
            ctx.status("localize stopped: the application's package cannot be used");
            return Ok(args.diag.emit(ctx, overrides.apply(found)));
        }
    };
    let meta =
        source.read(aps_model::APP_META).ok().and_then(|b| String::from_utf8(b).ok()).ok_or_else(|| {
            CliError::new(format!("{}: the package has no readable APP-META.xml", args.package.display()))
        })?;
    let meta_file = SourceFile::new(aps_model::APP_META, meta);
    let master = match aps_model::parse_app_meta(&meta_file) {
        (Some(m), _) => aps_archive::meta::MetaInfo::of(&m),
        (None, _) => {
            return Err(CliError::new(format!("{}: APP-META.xml cannot be read", args.package.display()))
                .with_help(format!("`aps-pack lint {}` says why", args.package.display())))
        }
    };
    if master.id.as_deref().is_none_or(|id| id.trim().is_empty()) {
        return Err(CliError::new(format!("{}: APP-META.xml has no <id>", args.package.display())));
    }

    // The translations are checked as in a package; errors stop here.
    let po_bytes = std::fs::read(&args.po)
        .map_err(|e| CliError::new(format!("{}: cannot read: {e}", args.po.display())))?;
    let rel = format!("i18n/{locale}.po");
    let shown = aps_diag::display_path(&args.po);
    let po_source = PoSource { rel: rel.clone(), shown: shown.clone(), bytes: po_bytes.clone() };
    let mut diags: Vec<Diagnostic> = aps_i18n::lint_package(&po_source)
        .into_iter()
        .filter(|d| d.code() != aps_i18n::rules::CATALOG_COMPILED.code)
        .collect();
    let diags_now = overrides.apply(diags.clone());
    if args.diag.fails(&diags_now) {
        ctx.status("localize stopped: the PO file has errors");
        return Ok(args.diag.emit(ctx, diags_now));
    }
    let text =
        String::from_utf8(po_bytes.clone()).map_err(|_| CliError::new(format!("{shown}: not UTF-8")))?;
    let (po, _) = aps_i18n::po::parse(&SourceFile::new(shown.clone(), text));
    let catalog = aps_i18n::compile(&po);

    let scratch = scratch_dir()?;
    let result = (|| -> Result<ExitCode, CliError> {
        let put = |rel: &str, bytes: &[u8]| -> Result<(), CliError> {
            let target = scratch.join(rel);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&target, bytes).map_err(|e| CliError::new(format!("{}: {e}", target.display())))
        };
        put(aps_model::APP_META, addon_meta(&master, &locale, &args.release).as_bytes())?;
        put(&rel, &po_bytes)?;
        put(&format!("i18n/{locale}.json"), &catalog)?;
        let output = match (&args.output, &args.out_dir) {
            (Some(file), _) => Output::File(file.clone()),
            (None, Some(dir)) => Output::Dir(dir.clone()),
            (None, None) => Output::Dir(PathBuf::from(".")),
        };
        let opts = BuildOptions {
            root: scratch.clone(),
            output,
            select: SelectOptions::default(),
            time: BuildTime::from_env().map_err(|e| CliError::new(e.to_string()))?,
            generated: Vec::new(),
            limits: Default::default(),
        };
        let progress = crate::progress::for_ctx(ctx);
        match aps_archive::build::build(&opts, &[], progress.as_ref()) {
            Ok(outcome) => {
                ctx.status(format!(
                    "built {} (the {locale} localization of {} {}-{})",
                    outcome.path.display(),
                    master.name.as_deref().unwrap_or("").trim(),
                    master.version.as_deref().unwrap_or("").trim(),
                    master.release.as_deref().unwrap_or("").trim(),
                ));
                diags.extend(outcome.diagnostics);
                Ok(args.diag.emit(ctx, overrides.apply(diags)))
            }
            Err(BuildError::Findings(found)) => {
                diags.extend(found);
                Ok(args.diag.emit(ctx, overrides.apply(diags)))
            }
            Err(other) => Err(CliError::new(format!("localize failed: {other}"))),
        }
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// A private folder for the add-on's tree, removed after the build.
fn scratch_dir() -> Result<PathBuf, CliError> {
    let base = std::env::temp_dir();
    for attempt in 0..100u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = base.join(format!("aps-pack-localize-{}-{nanos}-{attempt}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(CliError::new(format!("{}: cannot create a scratch folder: {e}", base.display())))
            }
        }
    }
    Err(CliError::new(format!("{}: cannot create a scratch folder", base.display())))
}
