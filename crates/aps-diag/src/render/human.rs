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
        let view = View::new(d, opts.width);
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

/// Widest source line shown whole in a snippet, in chars, at most; longer lines are
/// cut around the labels, with an ellipsis where text was left out. Narrower output
/// keeps less (the width less the gutter), so a snippet line never wraps.
const MAX_SNIPPET_WIDTH: usize = 200;

/// Lines shown around the labels (miette shows one; a margin costs nothing).
const CONTEXT_LINES: usize = 2;

/// Labels further than this many lines from the primary one are named in the
/// help instead of being drawn, so a snippet never spans a whole file.
const MAX_LABEL_DISTANCE: usize = 30;

/// A miette view of one diagnostic.
struct View<'a> {
    d: &'a Diagnostic,
    heading: String,
    help: Option<String>,
    window: Option<Window>,
}

impl<'a> View<'a> {
    fn new(d: &'a Diagnostic, width: usize) -> Self {
        let mut heading = d.message.clone();
        if d.file.is_none() {
            if let Some(path) = &d.path {
                heading = format!("{path}: {heading}");
            }
        }
        let mut extra: Vec<String> = Vec::new();
        let see = |f: &SourceFile, span: crate::Span, message: &Option<String>| {
            let lc = f.line_col(span.start);
            format!(
                "see {}:{}:{}{}",
                f.path(),
                lc.line,
                lc.column,
                message.as_ref().map(|m| format!(": {m}")).unwrap_or_default()
            )
        };
        let mut labels = Vec::new();
        if let Some(file) = &d.file {
            let primary = d.span.unwrap_or(crate::Span::empty(0));
            labels.push((clamp_span(file, primary), d.label.clone(), true));
        }
        for l in &d.labels {
            match (&l.file, &d.file) {
                (Some(a), Some(b)) if Arc::ptr_eq(a, b) => {
                    let span = clamp_span(a, l.span);
                    let primary_line = a.line_index(labels[0].0.start);
                    let near = a.line_index(span.start).abs_diff(primary_line) <= MAX_LABEL_DISTANCE;
                    if near {
                        labels.push((span, l.message.clone(), false));
                    } else {
                        extra.push(see(a, span, &l.message));
                    }
                }
                (Some(a), _) => extra.push(see(a, l.span, &l.message)),
                _ => {}
            }
        }
        let mut window = d.file.as_ref().map(|file| Window::new(file, labels, width));
        // miette does not wrap label text: one that would run past the width is drawn
        // without its text, which follows in the help instead.
        if let Some(w) = &mut window {
            for moved in w.fit_labels(width) {
                extra.push(format!("label: {moved}"));
            }
        }
        extra.extend(d.notes.iter().map(|n| format!("note: {n}")));
        let help = match (&d.help, extra.is_empty()) {
            (Some(h), true) => Some(h.clone()),
            (Some(h), false) => Some(format!("{h}\n{}", extra.join("\n"))),
            (None, false) => Some(extra.join("\n")),
            (None, true) => None,
        };
        View { d, heading, help, window }
    }
}

/// A span clamped to the text and to char boundaries.
fn clamp_span(file: &SourceFile, span: crate::Span) -> crate::Span {
    let text = file.text();
    let floor = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let ceil = |mut at: usize| {
        at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at += 1;
        }
        at
    };
    let start = floor(span.start);
    crate::Span::new(start, ceil(span.end).max(start))
}

/// One kept piece of a source line in a [`Window`].
struct Piece {
    /// Where the kept text starts in the window.
    at: usize,
    /// Where it starts in the file, and its length.
    from: usize,
    len: usize,
    /// Where its line starts in the file.
    line_start: usize,
}

/// The few lines of a file a diagnostic shows, long lines cut around its
/// labels. miette scans the text it is given from the start for every label,
/// so giving it only this window keeps rendering linear in the findings and
/// bounded per line, whatever the file's size.
struct Window {
    name: String,
    text: String,
    /// 0-based line number of the window's first line.
    first_line: usize,
    pieces: Vec<Piece>,
    /// Labels in window offsets: span, message, primary?
    labels: Vec<(SourceSpan, Option<String>, bool)>,
}

impl Window {
    /// `width`: the columns of the output; a line is kept whole when it fits beside the
    /// gutter (`NN │ `), else cut to fit with its ellipses.
    fn new(file: &SourceFile, labels: Vec<(crate::Span, Option<String>, bool)>, width: usize) -> Self {
        let text = file.text();
        let last_line = file.line_count().saturating_sub(1);
        let lines_of = |s: &crate::Span| (file.line_index(s.start), file.line_index(s.end));
        let primary_line = labels.first().map_or(0, |(s, _, _)| file.line_index(s.start));
        let mut top = primary_line;
        let mut bottom = primary_line;
        for (s, _, _) in &labels {
            let (a, b) = lines_of(s);
            top = top.min(a);
            // A label over many lines (a whole element) is drawn up to the limit.
            bottom = bottom.max(b.min(primary_line + MAX_LABEL_DISTANCE));
        }
        let first_line = top.saturating_sub(CONTEXT_LINES);
        let end_line = (bottom + CONTEXT_LINES).min(last_line);
        let gutter = (end_line + 1).to_string().len() + 4;
        let whole = width.saturating_sub(gutter).clamp(30, MAX_SNIPPET_WIDTH);
        let keep = whole - 2;
        let mut out = String::new();
        let mut pieces = Vec::new();
        for line in first_line..=end_line {
            let line_start = file.line_start(line);
            let mut line_end = file.line_start(line + 1).min(text.len());
            let newline = line_end > line_start && text.as_bytes()[line_end - 1] == b'\n';
            if newline {
                line_end -= 1;
            }
            let bytes = line_end - line_start;
            // Counting chars is bounded: only lines at most four times the width.
            let fits =
                bytes <= whole || (bytes <= 4 * whole && text[line_start..line_end].chars().count() <= whole);
            let (from, to) = if fits {
                (line_start, line_end)
            } else {
                // The labels' part of the line, centred in the width kept.
                let mut focus: Option<(usize, usize)> = None;
                for (s, _, _) in &labels {
                    if s.end < line_start || s.start > line_end {
                        continue;
                    }
                    let (a, b) = (s.start.max(line_start), s.end.min(line_end));
                    focus = Some(focus.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
                }
                let (a, b) = focus.unwrap_or((line_start, line_start));
                let room = keep.saturating_sub(b - a) / 2;
                let from = a.saturating_sub(room).max(line_start);
                let to = (from + keep).min(line_end);
                let from = to.saturating_sub(keep).max(line_start).min(from);
                (floor_char(text, from), floor_char(text, to))
            };
            if from > line_start {
                out.push('…');
            }
            pieces.push(Piece { at: out.len(), from, len: to - from, line_start });
            out.push_str(&text[from..to]);
            if to < line_end {
                out.push('…');
            }
            if newline {
                out.push('\n');
            }
        }
        let mut window =
            Window { name: file.path().to_string(), text: out, first_line, pieces, labels: Vec::new() };
        window.labels = labels
            .into_iter()
            .map(|(s, message, primary)| {
                let start = window.to_window(file, s.start);
                let end = window.to_window(file, s.end).max(start);
                (SourceSpan::from(start..end), message, primary)
            })
            .collect();
        window
    }

    /// Take out the text of the labels that would run past `width` columns as miette
    /// draws them (`NN │ ` gutter, the `╰──` marker under the middle of the span), and
    /// return it.
    fn fit_labels(&mut self, width: usize) -> Vec<String> {
        let last_line = self.first_line + self.pieces.len();
        let gutter = last_line.to_string().len() + 4;
        let text = &self.text;
        let mut moved = Vec::new();
        for (span, message, _) in &mut self.labels {
            let Some(m) = message.as_ref() else { continue };
            let start = span.offset().min(text.len());
            let line_start = text[..floor_char(text, start)].rfind('\n').map_or(0, |i| i + 1);
            let column = text[line_start..floor_char(text, start)].chars().count();
            let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
            let end = (start + span.len()).min(line_end).max(start);
            let span_width = text[floor_char(text, start)..floor_char(text, end)].chars().count().max(1);
            let text_column = gutter + column + span_width / 2 + 4;
            if text_column + m.chars().count() > width {
                moved.extend(message.take());
            }
        }
        moved
    }

    /// Window offset of a file offset (clamped into the kept text).
    fn to_window(&self, file: &SourceFile, at: usize) -> usize {
        let line =
            file.line_index(at).saturating_sub(self.first_line).min(self.pieces.len().saturating_sub(1));
        match self.pieces.get(line) {
            Some(p) if file.line_index(at) < self.first_line => p.at,
            Some(p) => p.at + at.saturating_sub(p.from).min(p.len),
            None => 0,
        }
    }

    /// File byte column (0-based) of a window offset, as miette counts it.
    fn file_column(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.at <= at).saturating_sub(1);
        match self.pieces.get(i) {
            Some(p) => p.from + at.saturating_sub(p.at).min(p.len) - p.line_start,
            None => 0,
        }
    }
}

fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
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
        self.window.as_ref().map(|w| w as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let window = self.window.as_ref()?;
        let labels = window.labels.iter().map(|(span, message, primary)| {
            if *primary {
                LabeledSpan::new_primary_with_span(message.clone(), *span)
            } else {
                LabeledSpan::new_with_span(message.clone(), *span)
            }
        });
        Some(Box::new(labels.collect::<Vec<_>>().into_iter()))
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.as_str().read_span(span, context_lines_before, context_lines_after)?;
        // miette names the place by the line and column of the span's start;
        // those are the file's, not the window's.
        let column = if context_lines_before == 0 { self.file_column(span.offset()) } else { inner.column() };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count() + self.first_line,
        )))
    }
}
