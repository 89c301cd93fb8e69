//! `aps-pack i18n compile [DIR]` and `aps-pack i18n extract [DIR] --locale ll_CC…`: the
//! official `aps msgfmt` and `aps msgmake`.

use crate::output::DiagArgs;
use crate::{config, CliError, Ctx};
use aps_diag::{Diagnostic, SourceFile};
use aps_model::{DirSource, PackageSource};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum I18nCommand {
    /// Compile every `i18n/<locale>.po` into the catalog `i18n/<locale>.json` the platform's UI loads
    /// (what `aps build` does; `aps-pack build` does it too).
    Compile(CompileArgs),
    /// Write or update `i18n/<locale>.po` with the strings the package uses (`_("…")` in
    /// `ui/**/*.js`, the texts of APP-META.xml), keeping existing translations.
    Extract(ExtractArgs),
}

#[derive(Debug, clap::Args)]
pub struct CompileArgs {
    /// The package folder, or a path inside it (default: the current folder).
    pub dir: Option<PathBuf>,
    /// Configuration file (default: aps-pack.toml found from DIR upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The package folder, or a path inside it (default: the current folder).
    pub dir: Option<PathBuf>,
    /// Locale to write `i18n/<locale>.po` for, `ll` or `ll_CC` (repeatable). Default: every locale
    /// that has a PO file already.
    #[arg(short, long = "locale", value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// Configuration file (default: aps-pack.toml found from DIR upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub diag: DiagArgs,
}

pub fn run(cmd: I18nCommand, ctx: &Ctx) -> Result<ExitCode, CliError> {
    match cmd {
        I18nCommand::Compile(args) => compile(args, ctx),
        I18nCommand::Extract(args) => extract(args, ctx),
    }
}

/// The package root at or above `dir`, and its source.
fn package(dir: Option<&Path>) -> Result<(PathBuf, DirSource), CliError> {
    let start = dir.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let root = crate::output::package_root_from(&start)?;
    let display = aps_diag::display_path(&root);
    let source = DirSource::new(&root, display);
    Ok((root, source))
}

fn write(root: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let target = root.join(rel);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    aps_diag::atomic::replace(&target, bytes, true)
}

/// The findings that keep a PO file from being compiled or merged (syntax, encoding).
fn blocking(source: &dyn PackageSource) -> Vec<Diagnostic> {
    aps_i18n::lint_package(source).into_iter().filter(|d| d.severity == aps_diag::Severity::Error).collect()
}

fn compile(args: CompileArgs, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let (root, source) = package(args.dir.as_deref())?;
    let (loaded, mut diags) = config::load(args.config.as_deref(), &root)?;
    let overrides = args.diag.overrides(&loaded.rule_levels())?;
    let catalogs = aps_i18n::compile_package(&source);
    diags.extend(blocking(&source));
    if catalogs.is_empty() && diags.is_empty() {
        ctx.status(format!("{}: no i18n/*.po files to compile", source.display_root()));
    }
    for c in &catalogs {
        let shown = source.display_path(&c.json_path);
        if !c.needs_writing() {
            ctx.detail(format!("{shown}: up to date"));
            continue;
        }
        write(&root, &c.json_path, &c.bytes)
            .map_err(|e| CliError::new(format!("{shown}: cannot write: {e}")))?;
        let what = if c.existing.is_some() { "updated" } else { "wrote" };
        ctx.status(format!("{what} {shown} (from {})", c.po_path));
    }
    Ok(args.diag.emit(ctx, overrides.apply(diags)))
}

fn extract(args: ExtractArgs, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let (root, source) = package(args.dir.as_deref())?;
    let (loaded, mut diags) = config::load(args.config.as_deref(), &root)?;
    let overrides = args.diag.overrides(&loaded.rule_levels())?;
    let mut locales = args.locales.clone();
    if locales.is_empty() {
        locales = aps_i18n::catalog::po_files(&source)
            .iter()
            .map(|p| aps_i18n::locale::of_path(p).to_string())
            .collect();
        if locales.is_empty() {
            return Err(CliError::new("the package has no i18n/*.po file yet: name the locales to write")
                .with_help("e.g. `aps-pack i18n extract --locale de_DE --locale fr_FR`"));
        }
    }
    for l in &locales {
        if !aps_i18n::locale::is_valid(l) {
            let help = match aps_i18n::locale::suggest(l) {
                Some(fixed) => format!(
                    "did you mean `{fixed}`? (language in lower case, country in upper case, joined by `_`)"
                ),
                None => "a locale is `ll` or `ll_CC`, e.g. `de` or `pt_BR`".to_string(),
            };
            return Err(CliError::new(format!("`{l}` is not a locale name of the form `ll` or `ll_CC`"))
                .with_help(help));
        }
    }
    let meta = source.read("APP-META.xml").ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
    let meta_file = SourceFile::new(aps_model::APP_META, meta);
    let info = aps_model::parse_app_meta(&meta_file)
        .0
        .map(|m| aps_archive::meta::MetaInfo::of(&m))
        .unwrap_or_default();
    let project = format!(
        "{} {}",
        info.name.as_deref().map(str::trim).unwrap_or("package"),
        info.version.as_deref().map(str::trim).unwrap_or("0")
    );
    let strings = aps_i18n::extract::package_strings(&source);
    for l in &locales {
        let rel = format!("i18n/{l}.po");
        let shown = source.display_path(&rel);
        let existing = match std::fs::read(root.join(&rel)) {
            Ok(bytes) => {
                let (file, bad) = SourceFile::from_bytes(shown.clone(), bytes);
                let (po, found) = aps_i18n::po::parse(&file);
                if bad.is_some() || !found.is_empty() {
                    // Rewriting a file that was not read completely would lose what was skipped.
                    let mut blocking: Vec<Diagnostic> = blocking(&source);
                    blocking.retain(|d| d.display_path() == Some(shown.as_str()));
                    ctx.status(format!("{shown}: not updated, it has errors"));
                    diags.extend(blocking);
                    continue;
                }
                Some(po)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(CliError::new(format!("{shown}: cannot read: {e}"))),
        };
        let (text, stats) = aps_i18n::write::merge(existing.as_ref(), l, &project, &strings);
        if existing.as_ref().is_some_and(|po| po.file.text() == text) {
            ctx.status(format!("{shown}: up to date ({} entries)", stats.total));
            continue;
        }
        write(&root, &rel, text.as_bytes())
            .map_err(|e| CliError::new(format!("{shown}: cannot write: {e}")))?;
        ctx.status(format!(
            "wrote {shown}: {} entries, {} new, {} back from obsolete, {} marked obsolete",
            stats.total, stats.added, stats.revived, stats.obsoleted
        ));
    }
    Ok(args.diag.emit(ctx, overrides.apply(diags)))
}
