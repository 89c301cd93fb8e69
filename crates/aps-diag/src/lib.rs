//! Diagnostics for aps-pack: the data model every checker emits, the rule
//! registry that gives each diagnostic a stable code, severity overrides, and
//! the renderers (human, JSON, SARIF 2.1.0, GitHub workflow annotations).
//!
//! Invariants:
//! - A [`Diagnostic`] is self-contained: it carries its source file (shared
//!   through an `Arc`), so rendering never re-reads the disk.
//! - Lines and columns are 1-based; columns count Unicode scalar values, which
//!   is what editors, SARIF and GitHub annotations expect.
//! - Every diagnostic belongs to a [`Rule`], a row of its crate's code table ([`rules!`]);
//!   the rule's file documents it and declares its violations with [`rule!`].

pub mod atomic;
pub mod edit;
mod failure;
pub mod fix;
pub mod plumbing;
mod progress;
pub mod reading;
mod render;
mod rule;
mod select;
mod selector;
mod source;
mod suggest;
mod violation;

pub use failure::{Failure, SharedError};
pub use fix::{Applicability, Change, Fix};
pub use plumbing::{display_path, hex, join_display, slashes};
pub use progress::{NoProgress, Progress};
pub use render::{
    render, render_github, render_human, render_json, render_sarif, render_sarif_rooted, Format,
    HumanOptions, Summary,
};
pub use rule::{Group, Level, OverrideError, Rule, RuleSet, SeverityOverrides};
pub use select::{all_codes, SelectionLayer};
pub use selector::Selector;
pub use source::{LineCol, SourceFile, Span};
pub use suggest::{did_you_mean, did_you_mean_help};
pub use violation::Violation;

use std::sync::Arc;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "error" | "deny" => Ok(Severity::Error),
            "warning" | "warn" => Ok(Severity::Warning),
            "info" | "note" => Ok(Severity::Info),
            other => Err(format!("unknown severity `{other}` (expected error, warning, info or off)")),
        }
    }
}

/// A secondary location shown with a diagnostic.
#[derive(Debug, Clone)]
pub struct Label {
    pub file: Option<Arc<SourceFile>>,
    pub span: Span,
    pub message: Option<String>,
}

/// One finding. Build it with [`Diagnostic::new`] and the `with_*` methods.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// The file the finding is about, if any (a package-level finding may
    /// point at a folder through `path` only).
    pub file: Option<Arc<SourceFile>>,
    /// Path shown when there is no source text (folders, binary files, archives).
    pub path: Option<String>,
    /// Primary location inside `file`.
    pub span: Option<Span>,
    /// Text of the primary label (under the caret in the human form).
    pub label: Option<String>,
    pub labels: Vec<Label>,
    /// A suggestion: what to do about it.
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// The change that resolves it, when it is mechanical (`lint --fix`, quick fixes).
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at the rule's default severity.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            file: None,
            path: None,
            span: None,
            label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
        }
    }

    /// Point at `span` in `file`.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Span) -> Self {
        self.file = Some(file.clone());
        self.span = Some(span);
        self
    }

    /// About `file` as a whole (no particular location: line 1, column 1).
    pub fn in_file(mut self, file: &Arc<SourceFile>) -> Self {
        self.file = Some(file.clone());
        self
    }

    /// About a path that has no source text (folder, binary, missing file).
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }

    pub fn with_secondary(mut self, file: &Arc<SourceFile>, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label { file: Some(file.clone()), span, message: Some(text.into()) });
        self
    }

    pub fn with_help(mut self, text: impl Into<String>) -> Self {
        self.help = Some(text.into());
        self
    }

    pub fn with_help_opt(mut self, text: Option<String>) -> Self {
        if text.is_some() {
            self.help = text;
        }
        self
    }

    pub fn with_note(mut self, text: impl Into<String>) -> Self {
        self.notes.push(text.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_fix_opt(mut self, fix: Option<Fix>) -> Self {
        if fix.is_some() {
            self.fix = fix;
        }
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// The path to show: the source file's, else the bare path.
    pub fn display_path(&self) -> Option<&str> {
        self.file.as_ref().map(|f| f.path()).or(self.path.as_deref())
    }

    /// 1-based line and column of the primary location (1:1 when the
    /// diagnostic is about a whole file).
    pub fn line_col(&self) -> Option<LineCol> {
        let file = self.file.as_ref()?;
        Some(file.line_col(self.span.map(|s| s.start).unwrap_or(0)))
    }

    /// Key for a stable, reader-friendly order: by file, then position, then code.
    pub fn sort_key(&self) -> (String, usize, &'static str, String) {
        (
            self.display_path().unwrap_or("").to_string(),
            self.span.map(|s| s.start).unwrap_or(0),
            self.rule.code,
            self.message.clone(),
        )
    }
}

/// Sort diagnostics into the order every renderer uses, and drop exact repeats.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    diags.sort_by_cached_key(|d| d.sort_key());
    diags.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.severity == b.severity);
}
