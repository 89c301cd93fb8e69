//! Renderers. All of them take diagnostics already sorted (see
//! [`crate::sort_diagnostics`]) and produce a complete document as a `String`,
//! so the caller decides where it goes.

mod github;
mod human;
mod json;
mod sarif;

pub use github::render_github;
pub use human::{render_human, HumanOptions};
pub use json::render_json;
pub use sarif::{render_sarif, render_sarif_rooted};

use crate::{Diagnostic, Severity};

/// Output format, as chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "human" => Ok(Format::Human),
            "json" => Ok(Format::Json),
            "sarif" => Ok(Format::Sarif),
            "github" => Ok(Format::Github),
            other => Err(format!("unknown format `{other}` (expected human, json, sarif or github)")),
        }
    }
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(diags: &[Diagnostic]) -> Self {
        let mut s = Summary::default();
        for d in diags {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn plural(n: usize, word: &str) -> String {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        }
        write!(
            f,
            "{}, {}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info")
        )
    }
}

/// Render in `format`. `tool_version` goes into SARIF's driver.
pub fn render(format: Format, diags: &[Diagnostic], human: &HumanOptions, tool_version: &str) -> String {
    match format {
        Format::Human => render_human(diags, human),
        Format::Json => render_json(diags),
        Format::Sarif => render_sarif(diags, tool_version),
        Format::Github => render_github(diags),
    }
}

/// Line/column of the end of the primary span (1-based), for formats that want ranges.
pub(crate) fn end_line_col(d: &Diagnostic) -> Option<crate::LineCol> {
    let file = d.file.as_ref()?;
    let span = d.span?;
    Some(file.line_col(span.end.max(span.start)))
}
