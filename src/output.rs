//! What every command shares: the rule registry, diagnostic output options,
//! and how errors and findings reach the terminal.

use crate::cli::{ColorChoice, GlobalArgs};
use crate::config::RuleLevels;
use aps_diag::{Diagnostic, Format, Level, Rule, RuleSet, Severity, SeverityOverrides, Summary};
use clap::Args;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::OnceLock;

mod emit;
mod selection;

pub use emit::{file_identity, parse_output_spec, OutputSpec};

/// Every rule of every crate.
pub fn registry() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut set = RuleSet::new();
        set.extend(aps_json::rules::ALL)
            .extend(aps_model::rules::ALL)
            .extend(aps_wizard::rules::ALL)
            .extend(aps_archive::rules::ALL)
            .extend(aps_zstack::rules::ALL)
            .extend(aps_php::rules::ALL)
            .extend(aps_upgrade::rules::ALL)
            .extend(aps_i18n::rules::ALL)
            .extend(crate::config::rules::ALL)
            .extend(crate::rules::ALL);
        set
    })
}

/// Say on stderr, once per run and whatever `--quiet` says, that configuration
/// weakens a check: whoever reads the output must be able to tell.
pub(crate) fn announce(line: String) {
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !said.contains(&line) {
        let _ = writeln!(std::io::stderr(), "{line}");
        said.push(line);
    }
}

/// Levels in order, `off` lowest.
fn rank(level: Level) -> u8 {
    match level {
        Level::Off => 0,
        Level::On(Severity::Info) => 1,
        Level::On(Severity::Warning) => 2,
        Level::On(Severity::Error) => 3,
    }
}

/// A failure that stops a command (exit code 2): bad usage, unreadable
/// input, an output that cannot be written.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    pub message: String,
    pub help: Option<String>,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        CliError { message: message.into(), help: None }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl From<aps_diag::Failure> for CliError {
    fn from(failure: aps_diag::Failure) -> Self {
        CliError { message: failure.message, help: failure.help }
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::new(e.to_string())
    }
}

/// Global context for a command run.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub quiet: bool,
    pub verbose: bool,
    /// Colours on stderr/stdout for the human form.
    pub color: bool,
    /// stderr is a terminal (progress bars are shown only then).
    pub stderr_is_tty: bool,
}

impl Ctx {
    pub fn from_global(g: &GlobalArgs) -> Self {
        let stderr_is_tty = std::io::stderr().is_terminal();
        let color = match g.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        Ctx { quiet: g.quiet, verbose: g.verbose > 0, color, stderr_is_tty }
    }

    /// A plain context for tests and library callers.
    pub fn plain() -> Self {
        Ctx { quiet: false, verbose: false, color: false, stderr_is_tty: false }
    }

    pub fn print_error(&self, err: &CliError) {
        let mut stderr = std::io::stderr().lock();
        let _ = writeln!(stderr, "error: {}", err.message);
        if let Some(help) = &err.help {
            let _ = writeln!(stderr, "  help: {help}");
        }
    }

    /// A progress or status line on stderr (suppressed by `--quiet`).
    pub fn status(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr(), "{message}");
        }
    }

    /// Extra detail on stderr (only with `--verbose`).
    pub fn detail(&self, message: impl std::fmt::Display) {
        if self.verbose {
            let _ = writeln!(std::io::stderr(), "{message}");
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum FormatArg {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
        }
    }
}

/// Options of every command that reports diagnostics.
#[derive(Debug, Args, Clone, Default)]
pub struct DiagArgs {
    /// Output format of the findings: human, json, sarif or github. `FORMAT=FILE` writes that
    /// format to FILE instead of standard output; repeat for several outputs in one run
    /// (`--format human --format sarif=out.sarif`), at most one of them to standard output.
    #[arg(long = "format", value_name = "FORMAT[=FILE]", value_parser = parse_output_spec)]
    pub formats: Vec<OutputSpec>,
    /// Write the output to FILE instead of standard output (with one `--format`, or the human
    /// form; for several outputs use `--format FORMAT=FILE`).
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<std::path::PathBuf>,
    /// Print how many findings each rule gave (code, name, severity, count), most frequent
    /// first, instead of the findings (human and json; sarif and github are unchanged).
    #[arg(long)]
    pub statistics: bool,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Override a rule's severity: CODE=error|warning|info|off (repeatable; wins over aps-pack.toml).
    #[arg(long = "severity", value_name = "CODE=LEVEL")]
    pub severities: Vec<String>,
    /// Run only these rules: codes, names, code prefixes (`WIZ`, `WIZ1`), groups (`wizard`) or
    /// ALL (repeatable, comma-separated; replaces `[lint] select`).
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Run these rules too, on top of the selection (repeatable, comma-separated).
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not run these rules (repeatable, comma-separated). The more specific selector wins:
    /// `--select WIZ131 --ignore WIZ` runs WIZ131.
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// SARIF and GitHub output: paths relative to this folder (default: the git top level
    /// of the current folder, else the current folder).
    #[arg(long, value_name = "DIR")]
    pub root: Option<std::path::PathBuf>,
}

impl DiagArgs {
    /// Overrides from the config's `[rules]` table followed by the command line.
    pub fn overrides(&self, from_config: &RuleLevels) -> Result<SeverityOverrides, CliError> {
        self.overrides_guarding(from_config, &|_| false, "")
    }

    /// As [`DiagArgs::overrides`], except that the configuration cannot lower
    /// the rules `guarded` selects (`why` says which flag protects them). A
    /// configuration file lies around in any folder above the input, so it
    /// must never silently weaken a check; explicit `--severity` flags still can.
    pub fn overrides_guarding(
        &self,
        from_config: &RuleLevels,
        guarded: &dyn Fn(&Rule) -> bool,
        why: &str,
    ) -> Result<SeverityOverrides, CliError> {
        // Bad outputs stop the command before any work.
        self.outputs()?;
        let rules = registry();
        let mut o = SeverityOverrides::default();
        for (code, level, source) in &from_config.levels {
            let lowered = match (rules.get(code), level.parse::<Level>()) {
                (Some(rule), Ok(parsed)) => {
                    (rank(parsed) < rank(Level::On(rule.default_severity))).then_some(rule)
                }
                _ => None,
            };
            if let Some(rule) = lowered {
                if guarded(rule) {
                    announce(format!("ignoring {source}: {} {level} ({why})", rule.code));
                    continue;
                }
                if rule.default_severity == Severity::Error {
                    announce(format!("using {source}: {} {level}", rule.code));
                }
            }
            o.set_from_arg(rules, &format!("{code}={level}")).map_err(|e| {
                let mut err = CliError::new(format!("{source}: {}", e.message));
                err.help = e.help;
                err
            })?;
        }
        for arg in &self.severities {
            o.set_from_arg(rules, arg).map_err(|e| {
                let mut err = CliError::new(format!("--severity: {}", e.message));
                err.help = e.help;
                err
            })?;
        }
        // Selection: the rules it leaves out are off.
        let enabled = self.enabled_rules(from_config, guarded, why)?;
        for rule in rules.iter().filter(|r| !enabled.contains(r.code)) {
            o.set(rules, rule.code, Level::Off).map_err(CliError::from)?;
        }
        Ok(o)
    }

    /// Sort, write every output (`--format`, `--output-file`), and compute the exit code.
    pub fn emit(&self, ctx: &Ctx, diags: Vec<Diagnostic>) -> ExitCode {
        self.emit_with(ctx, diags, None)
    }

    pub fn exit_code(&self, diags: &[Diagnostic]) -> ExitCode {
        let s = Summary::of(diags);
        let failing = s.errors > 0 || (self.deny_warnings && s.warnings > 0);
        ExitCode::from(if failing { 1 } else { 0 })
    }

    pub fn has_errors(&self, diags: &[Diagnostic]) -> bool {
        diags.iter().any(|d| d.severity == Severity::Error)
    }

    /// Would these findings fail the command: errors, or warnings with `--deny-warnings`?
    pub fn fails(&self, diags: &[Diagnostic]) -> bool {
        diags
            .iter()
            .any(|d| d.severity == Severity::Error || (self.deny_warnings && d.severity == Severity::Warning))
    }
}

/// A command's findings, collected in one place. Severity overrides are applied once, as
/// each finding arrives, so the build gate, the exit code and the output all see the same
/// final severities (cargo-deny's sink).
pub struct Findings {
    args: DiagArgs,
    overrides: SeverityOverrides,
    diags: Vec<Diagnostic>,
    suppress: Option<crate::suppress::Suppressions>,
}

impl Findings {
    /// Grade and keep `diags`.
    pub fn extend(&mut self, diags: impl IntoIterator<Item = Diagnostic>) {
        let mut diags: Vec<Diagnostic> = diags.into_iter().collect();
        if let Some(suppress) = &mut self.suppress {
            diags = suppress.filter(diags);
        }
        let graded = self.overrides.apply(diags);
        self.diags.extend(graded);
    }

    /// Grade and keep the findings that stopped the command (the tree cannot be packaged,
    /// the archive fails verification): an error among them stays an error even when
    /// `[rules]` or `--severity` turn its rule down, so the stop is never reported as
    /// "no problems found". Suppressions still apply to the others.
    pub fn extend_stopping(&mut self, diags: impl IntoIterator<Item = Diagnostic>) {
        let (errors, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
            diags.into_iter().partition(|d| d.severity == Severity::Error);
        self.extend(others);
        self.diags.extend(keep_stopping_errors(&self.overrides, errors));
    }

    /// Would what is collected fail the command: errors, or warnings when denied?
    pub fn fails(&self) -> bool {
        self.args.fails(&self.diags)
    }

    /// Would these findings, were they added, fail the command on their own?
    pub fn would_fail(&self, more: &[Diagnostic]) -> bool {
        self.args.fails(&self.overrides.apply(more.to_vec()))
    }

    /// Leave out what the suppressions (per-file ignores, inline comments) take in.
    pub fn suppressing(mut self, suppress: crate::suppress::Suppressions) -> Self {
        self.suppress = Some(suppress);
        self
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diags.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.diags.is_empty()
    }

    /// Only the human form on standard output (see [`DiagArgs::only_human_on_stdout`]).
    pub fn only_human_on_stdout(&self) -> bool {
        self.args.only_human_on_stdout()
    }

    /// The findings, graded, for a command that reports several sinks together.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags
    }

    /// Print the findings; the exit code says whether they fail the command.
    pub fn emit(self, ctx: &Ctx) -> ExitCode {
        self.args.emit(ctx, self.diags)
    }

    /// Print the findings with what the command made (`result`, in the JSON form).
    pub fn emit_with_result(self, ctx: &Ctx, result: Option<&serde_json::Value>) -> ExitCode {
        self.args.emit_with(ctx, self.diags, result)
    }

    /// Whether an output carries the command's `result` (see [`DiagArgs::wants_result`]).
    pub fn wants_result(&self) -> bool {
        self.args.wants_result()
    }

    /// Print the findings of a command that stopped: it fails even when they alone would not
    /// (a stop caused by something else still is a failure).
    pub fn emit_stopped(self, ctx: &Ctx) -> ExitCode {
        match self.emit(ctx) {
            ExitCode::SUCCESS => ExitCode::from(1),
            code => code,
        }
    }
}

/// `diags` graded by `overrides`, except that an error that stopped the command and that
/// `overrides` would turn off or down stays an error, with a note saying why.
pub fn keep_stopping_errors(overrides: &SeverityOverrides, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept = Vec::with_capacity(diags.len());
    for d in diags {
        if d.severity != Severity::Error {
            kept.extend(overrides.apply(vec![d]));
            continue;
        }
        let graded = overrides.apply(vec![d.clone()]);
        if graded.iter().any(|g| g.severity == Severity::Error) {
            kept.extend(graded);
        } else {
            let code = d.rule.code;
            kept.push(d.with_note(format!(
                "kept as an error although {code} is turned down in the configuration or by --severity: it is what stopped the command, and a severity setting cannot let it through"
            )));
        }
    }
    kept
}

impl DiagArgs {
    /// The sink for a command's findings, with `[rules]` of the config and `--severity`.
    pub fn findings(&self, from_config: &RuleLevels) -> Result<Findings, CliError> {
        Ok(Findings {
            args: self.clone(),
            overrides: self.overrides(from_config)?,
            diags: Vec::new(),
            suppress: None,
        })
    }

    /// The same, with `--deny-warnings` forced on (by `[lint] deny-warnings`, say).
    pub fn findings_denying_warnings(
        &self,
        from_config: &RuleLevels,
        deny_warnings: bool,
    ) -> Result<Findings, CliError> {
        let mut findings = self.findings(from_config)?;
        findings.args.deny_warnings |= deny_warnings;
        Ok(findings)
    }
}

/// The package at or above `start` (a folder or a file inside a package): the folder that
/// holds APP-META.xml, or the one wording of "not a package" for every command.
pub fn package_root_from(start: &std::path::Path) -> Result<std::path::PathBuf, CliError> {
    expect_path(start, PathKind::Either, "the package folder or a file inside it")?;
    aps_model::find_package_root(start).ok_or_else(|| {
        CliError::new(format!(
            "{}: not inside an APS package (no APP-META.xml found upwards)",
            start.display()
        ))
        .with_help("pass the package folder: the one that holds APP-META.xml")
    })
}

/// Exit status of a process whose reader went away (`aps-pack rules | head -1`): what a
/// shell reports for a command ended by SIGPIPE, 128 + 13.
pub const BROKEN_PIPE_STATUS: i32 = 141;

/// What to do when writing an output failed for want of room: a full disk or a file-size
/// limit (`ulimit -f`). `None` for other failures.
pub fn out_of_room_help(kind: std::io::ErrorKind) -> Option<&'static str> {
    matches!(kind, std::io::ErrorKind::StorageFull | std::io::ErrorKind::FileTooLarge)
        .then_some("free space on that disk, or raise the file-size limit (`ulimit -f`)")
}

/// Write `text` to standard output. When the reader has gone away the command ends
/// quietly with [`BROKEN_PIPE_STATUS`], as command-line tools conventionally do, instead
/// of panicking or carrying on. Any other failure (a full disk, a file-size limit) ends
/// it with exit 2 and says so: output cut short must not pass for complete.
pub fn print_stdout(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let result = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(BROKEN_PIPE_STATUS);
        }
        eprintln!("error: cannot write to standard output: {e}");
        aps_diag::atomic::remove_registered();
        std::process::exit(2);
    }
}

/// Where SARIF and GitHub paths are relative to: `--root`, else the git top level of the
/// current folder (the folder holding `.git`), else the current folder; canonical.
pub fn source_root(explicit: Option<&std::path::Path>) -> std::path::PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    if let Some(dir) = explicit {
        return std::fs::canonicalize(dir).unwrap_or_else(|_| cwd.join(dir));
    }
    cwd.ancestors().find(|d| d.join(".git").exists()).map(std::path::Path::to_path_buf).unwrap_or(cwd)
}

/// The findings with every path made relative to `root` (`/`-separated); paths outside
/// it are left absolute.
pub fn relocate(diags: &[Diagnostic], root: &std::path::Path) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    use std::sync::Arc;
    let cwd = std::env::current_dir().ok();
    let rel = |shown: &str| -> String {
        let Some(full) = resolve_shown(shown, cwd.as_deref()) else { return shown.to_string() };
        match full.strip_prefix(root) {
            Ok(inside) => aps_diag::display_path(inside),
            Err(_) => aps_diag::display_path(&full),
        }
    };
    let mut files: HashMap<String, Arc<aps_diag::SourceFile>> = HashMap::new();
    let mut moved = |file: &Arc<aps_diag::SourceFile>| -> Arc<aps_diag::SourceFile> {
        files
            .entry(file.path().to_string())
            .or_insert_with(|| aps_diag::SourceFile::new(rel(file.path()), file.text().to_string()))
            .clone()
    };
    diags
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(f) = &d.file {
                d.file = Some(moved(f));
            }
            if let Some(p) = &d.path {
                d.path = Some(rel(p));
            }
            for label in &mut d.labels {
                if let Some(f) = &label.file {
                    label.file = Some(moved(f));
                }
            }
            d
        })
        .collect()
}

/// The canonical absolute path of a finding's shown path (relative to `cwd`), resolving `..`
/// and links through the deepest part that exists (an archive member such as
/// `dist/x.app.zip/APP-META.xml` does not exist as a file); `None` without a `cwd`.
pub fn resolve_shown(shown: &str, cwd: Option<&std::path::Path>) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(shown);
    let abs = match (cwd, path.is_absolute()) {
        (_, true) => path.to_path_buf(),
        (Some(c), false) => c.join(path),
        (None, false) => return None,
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut full = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for part in rest.iter().rev() {
        full.push(part);
    }
    Some(full)
}

/// What a path named on the command line must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    File,
    Folder,
    Either,
}

/// The one wording of a bad path, in every command (exit 2): missing, of the wrong
/// kind, or unreadable; `what` says what was expected ("the package folder").
pub fn expect_path(path: &std::path::Path, kind: PathKind, what: &str) -> Result<(), CliError> {
    let shown = path.display();
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CliError::new(format!("{shown}: no such file or folder"))
                .with_help(format!("check the path: give {what}")))
        }
        Err(e) => {
            let reason = match e.kind() {
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            };
            return Err(CliError::new(format!("{shown}: cannot be read ({reason})"))
                .with_help(format!("give {what} that aps-pack can read")));
        }
    };
    match (kind, meta.is_dir()) {
        (PathKind::File, true) => {
            Err(CliError::new(format!("{shown}: is a folder, not a file")).with_help(format!("give {what}")))
        }
        (PathKind::Folder, false) => {
            let is = aps_diag::atomic::what_is(&meta);
            Err(CliError::new(format!("{shown}: is {is}, not a folder")).with_help(format!("give {what}")))
        }
        _ => Ok(()),
    }
}

/// Columns to wrap human output to: `COLUMNS` when set (the shell's convention, and how a
/// test or a pager asks for a width), else the width of the terminal on standard output,
/// else 100 (a log file).
pub fn output_width() -> usize {
    let from_env = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let from_terminal = || terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0));
    from_env.or_else(from_terminal).unwrap_or(100).clamp(40, 400)
}
