use crate::{Diagnostic, Severity, SourceFile};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use std::fmt;
use std::sync::Arc;

/// How the human form looks.
#[derive(Debug, Clone)]
pub struct HumanOptions {
    /// ANSI colours (only when writing to a terminal).
    pub color: bool,
    /// Unicode box drawing; plain ASCII otherwise.
    pub unicode: bool,
    /// Wrap width.
    pub width: usize,
    /// Print the summary line at the end.
    pub summary: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions { color: false, unicode: true, width: 100, summary: true }
    }
}

/// The human form: each diagnostic with its source snippet and labels, then a summary.
pub fn render_human(diags: &[Diagnostic], opts: &HumanOptions) -> String {
    let theme = match (opts.unicode, opts.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false);
    let mut out = String::new();
    for d in diags {
        let view = View::new(d);
        if handler.render_report(&mut out, &view).is_err() {
            // Rendering into a String cannot fail in practice; fall back to a plain line.
            out.push_str(&format!("{}[{}]: {}\n", d.severity, d.rule.code, d.message));
        }
        out.push('\n');
    }
    if opts.summary {
        let s = super::Summary::of(diags);
        if diags.is_empty() {
            out.push_str("no problems found\n");
        } else {
            out.push_str(&format!("found {s}\n"));
        }
    }
    out
}

/// Longest source line shown in a snippet, in bytes.
const MAX_SNIPPET_LINE: usize = 2000;

/// The line of `text` holding byte `offset`.
fn line_around(text: &str, offset: usize) -> &str {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text.get(start..end).unwrap_or("")
}

/// A miette view of one diagnostic.
struct View<'a> {
    d: &'a Diagnostic,
    heading: String,
    help: Option<String>,
    source: Option<ArcSource>,
}

impl<'a> View<'a> {
    fn new(d: &'a Diagnostic) -> Self {
        let mut heading = d.message.clone();
        if d.file.is_none() {
            if let Some(path) = &d.path {
                heading = format!("{path}: {heading}");
            }
        }
        let mut extra: Vec<String> = Vec::new();
        for l in &d.labels {
            let other_file = match (&l.file, &d.file) {
                (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
                (Some(_), None) => true,
                _ => false,
            };
            if other_file {
                if let Some(f) = &l.file {
                    let lc = f.line_col(l.span.start);
                    extra.push(format!(
                        "see {}:{}:{}{}",
                        f.path(),
                        lc.line,
                        lc.column,
                        l.message.as_ref().map(|m| format!(": {m}")).unwrap_or_default()
                    ));
                }
            }
        }
        extra.extend(d.notes.iter().map(|n| format!("note: {n}")));
        let help = match (&d.help, extra.is_empty()) {
            (Some(h), true) => Some(h.clone()),
            (Some(h), false) => Some(format!("{h}\n{}", extra.join("\n"))),
            (None, false) => Some(extra.join("\n")),
            (None, true) => None,
        };
        let mut source = d.file.clone().map(ArcSource);
        let mut help = help;
        if let (Some(file), Some(lc)) = (&d.file, d.line_col()) {
            let line_len = line_around(file.text(), d.span.map_or(0, |s| s.start)).len();
            if line_len > MAX_SNIPPET_LINE || d.labels.iter().any(|l| l.span.len() > MAX_SNIPPET_LINE * 64) {
                // A minified or hostile file: print where, not the whole line.
                source = None;
                heading = format!("{}:{}:{}: {heading}", file.path(), lc.line, lc.column);
                let note = format!("note: line {} is {line_len} bytes long; no snippet shown", lc.line);
                help = Some(match help {
                    Some(h) => format!("{h}\n{note}"),
                    None => note,
                });
            }
        }
        View { d, heading, help, source }
    }
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.heading)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.d.rule.code, self.d.rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let file = self.d.file.as_ref()?;
        let len = file.text().len();
        let clamp = |s: crate::Span| {
            let start = s.start.min(len);
            let end = s.end.clamp(start, len);
            SourceSpan::from(start..end)
        };
        let primary_span = self.d.span.unwrap_or(crate::Span::empty(0));
        let mut labels = vec![LabeledSpan::new_primary_with_span(self.d.label.clone(), clamp(primary_span))];
        for l in &self.d.labels {
            if l.file.as_ref().is_some_and(|f| Arc::ptr_eq(f, file)) {
                labels.push(LabeledSpan::new_with_span(l.message.clone(), clamp(l.span)));
            }
        }
        Some(Box::new(labels.into_iter()))
    }
}

/// Lets miette read an `Arc<SourceFile>` and name it by its path.
struct ArcSource(Arc<SourceFile>);

impl SourceCode for ArcSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.0.text().read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.path().to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}
