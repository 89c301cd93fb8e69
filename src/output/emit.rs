//! Where findings go: one or several outputs in one run (`--format FORMAT[=FILE]`,
//! `--output-file`), `--statistics` instead of the findings, and the result a command
//! adds to its JSON (what `build`, `sign` and `zstack` made).

use super::{output_width, relocate, source_root, CliError, Ctx, DiagArgs, FormatArg};
use aps_diag::{Diagnostic, HumanOptions, Severity, Summary};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One output of a run: a format, and the file it goes to (standard output when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: FormatArg,
    pub file: Option<PathBuf>,
}

const FORMATS: &str = "human, json, sarif or github";

/// `FORMAT` or `FORMAT=FILE`, as `--format` takes it.
pub fn parse_output_spec(text: &str) -> Result<OutputSpec, String> {
    let (name, file) = match text.split_once('=') {
        Some((name, "")) => {
            return Err(format!(
            "`{text}` names no file after `=`; write `{name}=FILE`, or `{name}` alone for standard output"
        ))
        }
        Some((name, file)) => (name, Some(PathBuf::from(file))),
        None => (text, None),
    };
    let format = match name.trim().to_ascii_lowercase().as_str() {
        "human" => FormatArg::Human,
        "json" => FormatArg::Json,
        "sarif" => FormatArg::Sarif,
        "github" => FormatArg::Github,
        other => {
            let hint = aps_diag::did_you_mean_help(other, ["human", "json", "sarif", "github"])
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return Err(format!(
                "unknown format `{other}`: expected {FORMATS}, optionally followed by =FILE{hint}"
            ));
        }
    };
    Ok(OutputSpec { format, file })
}

impl DiagArgs {
    /// The outputs of this run, checked: `--output-file` pairs with at most one `--format`,
    /// at most one output goes to standard output, no file is named twice.
    pub fn outputs(&self) -> Result<Vec<OutputSpec>, CliError> {
        let mut outputs = if self.formats.is_empty() {
            vec![OutputSpec { format: FormatArg::Human, file: None }]
        } else {
            self.formats.clone()
        };
        if let Some(file) = &self.output_file {
            match outputs.as_mut_slice() {
                [one] if one.file.is_none() => one.file = Some(file.clone()),
                _ => {
                    return Err(CliError::new(format!(
                        "--output-file {}: it pairs with one --format without a file, and {} were given",
                        file.display(),
                        self.formats.len()
                    ))
                    .with_help(
                        "for several outputs name each one's file: `--format human --format sarif=out.sarif`",
                    ))
                }
            }
        }
        let to_stdout: Vec<&str> =
            outputs.iter().filter(|o| o.file.is_none()).map(|o| format_name(o.format)).collect();
        // Two by two: "human and json both name standard output".
        let to_stdout: Vec<&str> = to_stdout.into_iter().take(2).collect();
        if to_stdout.len() > 1 {
            return Err(CliError::new(format!(
                "--format: {} both name standard output; at most one can",
                to_stdout.join(" and ")
            ))
            .with_help("send the others to files: `--format human --format sarif=out.sarif`"));
        }
        let mut seen: Vec<(PathBuf, &PathBuf)> = Vec::new();
        for file in outputs.iter().filter_map(|o| o.file.as_ref()) {
            let key = file_identity(file);
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let both = if *first == file {
                    file.display().to_string()
                } else {
                    format!("{} and {} name one file, which", first.display(), file.display())
                };
                return Err(CliError::new(format!("--format: {both} is named by two outputs"))
                    .with_help("give each output its own file"));
            }
            seen.push((key, file));
        }
        Ok(outputs)
    }

    /// The files this run writes, each with the option that names it (`--format json=a.json`,
    /// `--output-file out.txt`).
    pub fn output_files(&self) -> Vec<(String, PathBuf)> {
        let Ok(outputs) = self.outputs() else { return Vec::new() };
        outputs
            .into_iter()
            .filter_map(|o| {
                let file = o.file?;
                let flag = if self.output_file.as_ref() == Some(&file) {
                    format!("--output-file {}", file.display())
                } else {
                    format!("--format {}={}", format_name(o.format), file.display())
                };
                Some((flag, file))
            })
            .collect()
    }

    /// The format shown on standard output (human when every output goes to a file).
    pub fn format(&self) -> FormatArg {
        self.outputs()
            .ok()
            .and_then(|o| o.iter().find(|o| o.file.is_none()).map(|o| o.format))
            .unwrap_or(FormatArg::Human)
    }

    /// Only the human form on standard output, nothing else: a command may then stay
    /// silent when it has no findings.
    pub fn only_human_on_stdout(&self) -> bool {
        !self.statistics
            && self.outputs().is_ok_and(|o| o == [OutputSpec { format: FormatArg::Human, file: None }])
    }

    /// Whether an output is JSON, the one form that carries what a command made: hashing
    /// back a large archive for a `result` nobody reads is left out otherwise.
    pub fn wants_result(&self) -> bool {
        self.outputs().is_ok_and(|outputs| outputs.iter().any(|o| o.format == FormatArg::Json))
    }

    /// Render each output with `render(format, to_terminal)` and write it: standard output,
    /// or the file, written atomically.
    pub fn write_outputs(&self, render: impl Fn(FormatArg, bool) -> String) -> Result<(), CliError> {
        for output in self.outputs()? {
            match &output.file {
                None => super::print_stdout(&render(output.format, true)),
                Some(file) => {
                    let text = render(output.format, false);
                    aps_diag::atomic::write(file, text.as_bytes(), None, false).map_err(|e| {
                        CliError::new(format!(
                            "--format {}={}: cannot write the file ({e})",
                            format_name(output.format),
                            file.display()
                        ))
                        .with_help("check that its folder exists and can be written")
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Sort, write every output, and compute the exit code; `result` (what the command made)
    /// joins the JSON form. An output that cannot be written is exit code 2.
    pub fn emit_with(
        &self,
        ctx: &Ctx,
        diags: Vec<Diagnostic>,
        result: Option<&Value>,
    ) -> std::process::ExitCode {
        self.emit_custom(ctx, diags, result, &|_, _| None)
    }

    /// As [`DiagArgs::emit_with`], with a command's own form of some formats: `custom(format,
    /// to_terminal)` gives the text, or `None` for the common rendering of the findings.
    pub fn emit_custom(
        &self,
        ctx: &Ctx,
        mut diags: Vec<Diagnostic>,
        result: Option<&Value>,
        custom: &dyn Fn(FormatArg, bool) -> Option<String>,
    ) -> std::process::ExitCode {
        aps_diag::sort_diagnostics(&mut diags);
        let version = env!("CARGO_PKG_VERSION");
        let render = |format: FormatArg, terminal: bool| -> String {
            if let Some(text) = custom(format, terminal) {
                return text;
            }
            let human = HumanOptions {
                color: ctx.color && terminal,
                unicode: true,
                width: if terminal { output_width() } else { 100 },
                summary: !ctx.quiet,
            };
            match (format, self.statistics) {
                (FormatArg::Human, true) => statistics_human(&diags, !ctx.quiet),
                (FormatArg::Json, true) => with_result(statistics_json(&diags), result),
                (FormatArg::Json, false) => {
                    let text = aps_diag::render_json(&diags);
                    match result {
                        Some(_) => with_result(serde_json::from_str(&text).unwrap_or(Value::Null), result),
                        None => text,
                    }
                }
                // Code scanning and annotations attach to files by their path in the repository.
                (FormatArg::Sarif | FormatArg::Github, _) => {
                    let root = source_root(self.root.as_deref());
                    let rooted = relocate(&diags, &root);
                    if format == FormatArg::Sarif {
                        let uri = format!("file://{}/", aps_diag::display_path(&root).trim_end_matches('/'));
                        aps_diag::render_sarif_rooted(&rooted, version, Some(&uri))
                    } else {
                        aps_diag::render_github(&rooted)
                    }
                }
                (FormatArg::Human, false) => aps_diag::render_human(&diags, &human),
            }
        };
        if let Err(e) = self.write_outputs(render) {
            ctx.print_error(&e);
            return std::process::ExitCode::from(2);
        }
        // Every output went to a file: the counts still show on the terminal.
        if self.statistics && self.outputs().is_ok_and(|o| o.iter().all(|o| o.file.is_some())) {
            super::print_stdout(&statistics_human(&diags, !ctx.quiet));
        }
        self.exit_code(&diags)
    }
}

/// What a path names, for telling whether two paths are one file: absolute, `.` and `..`
/// taken lexically, its folder resolved through links when it exists.
pub fn file_identity(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    let mut lexical = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other.as_os_str()),
        }
    }
    match (lexical.parent(), lexical.file_name()) {
        (Some(dir), Some(name)) => match std::fs::canonicalize(dir) {
            Ok(dir) => dir.join(name),
            Err(_) => lexical,
        },
        _ => lexical,
    }
}

fn format_name(format: FormatArg) -> &'static str {
    match format {
        FormatArg::Human => "human",
        FormatArg::Json => "json",
        FormatArg::Sarif => "sarif",
        FormatArg::Github => "github",
    }
}

/// `document` with `"result": result` added, as pretty JSON.
fn with_result(mut document: Value, result: Option<&Value>) -> String {
    if let (Some(result), Some(object)) = (result, document.as_object_mut()) {
        object.insert("result".into(), result.clone());
    }
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// One row of `--statistics`.
struct Row {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    count: usize,
}

/// Findings counted per code (and severity, when a rule reported at two), most frequent
/// first, then by code.
fn statistics(diags: &[Diagnostic]) -> Vec<Row> {
    let mut counts: BTreeMap<(&'static str, std::cmp::Reverse<Severity>), Row> = BTreeMap::new();
    for d in diags {
        counts
            .entry((d.rule.code, std::cmp::Reverse(d.severity)))
            .or_insert(Row { code: d.rule.code, name: d.rule.name, severity: d.severity, count: 0 })
            .count += 1;
    }
    let mut rows: Vec<Row> = counts.into_values().collect();
    // Stable: equal counts keep the code order of the map.
    rows.sort_by_key(|r| std::cmp::Reverse(r.count));
    rows
}

fn statistics_human(diags: &[Diagnostic], summary: bool) -> String {
    let rows = statistics(diags);
    if rows.is_empty() {
        return if summary { "no problems found\n".to_string() } else { String::new() };
    }
    let width = rows.iter().map(|r| r.count.to_string().len()).max().unwrap_or(1);
    let name_width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in &rows {
        out.push_str(&format!(
            "{:>width$}  {:<8} {:<name_width$}  {}\n",
            r.count,
            r.code,
            r.name,
            r.severity.as_str()
        ));
    }
    if summary {
        let s = Summary::of(diags);
        out.push_str(&format!(
            "{} finding(s): {} error(s), {} warning(s), {} info(s)\n",
            diags.len(),
            s.errors,
            s.warnings,
            s.infos
        ));
    }
    out
}

fn statistics_json(diags: &[Diagnostic]) -> Value {
    let rows: Vec<Value> = statistics(diags)
        .iter()
        .map(|r| json!({ "code": r.code, "name": r.name, "severity": r.severity.as_str(), "count": r.count }))
        .collect();
    let s = Summary::of(diags);
    json!({
        "version": 1,
        "statistics": rows,
        "summary": { "errors": s.errors, "warnings": s.warnings, "infos": s.infos },
    })
}
