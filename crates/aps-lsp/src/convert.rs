//! Byte offsets ↔ LSP positions (lines from 0, columns in UTF-16 code units), and
//! findings as LSP diagnostics.

use aps_diag::{Diagnostic, Severity, SourceFile, Span};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position,
    Range, Uri,
};
use std::str::FromStr;

/// Where each line of a text starts.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The position of byte `offset` (clamped to the text and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset).saturating_sub(1);
        let start = self.starts[line];
        let character = text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    /// The byte offset of a position; past the end of a line means its end, past the
    /// last line the end of the text.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else { return text.len() };
        let end = self.starts.get(pos.line as usize + 1).map_or(text.len(), |e| e.saturating_sub(1));
        let mut units = 0u32;
        for (i, c) in text[start..end].char_indices() {
            if units >= pos.character {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        end
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(self.position(text, span.start), self.position(text, span.end))
    }
}

/// The rule documentation a code links to.
pub fn docs_uri(base: &str, code: &str) -> Option<Uri> {
    if base.is_empty() {
        return None;
    }
    Uri::from_str(&format!("{base}#{}", code.to_ascii_lowercase())).ok()
}

/// A finding as an LSP diagnostic of the file whose text is `file`.
pub fn diagnostic(d: &Diagnostic, index: Option<&LineIndex>, docs_base: &str) -> lsp_types::Diagnostic {
    let range = match (&d.file, d.span, index) {
        (Some(file), Some(span), Some(index)) => index.range(file.text(), span),
        _ => Range::default(),
    };
    let mut message = d.message.clone();
    if let Some(label) = d.label.as_deref().filter(|l| !l.is_empty() && *l != d.message) {
        message.push_str(&format!(" ({label})"));
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|label| {
            let file = label.file.as_ref().or(d.file.as_ref())?;
            let uri = crate::uri::from_path(std::path::Path::new(file.path()))?;
            let index = LineIndex::new(file.text());
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, index.range(file.text(), label.span)),
                message: label.message.clone().unwrap_or_else(|| "related".into()),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code().to_string())),
        code_description: docs_uri(docs_base, d.code()).map(|href| CodeDescription { href }),
        source: Some("aps-pack".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The index of a finding's file, built once per file.
pub fn index_of(file: &SourceFile) -> LineIndex {
    LineIndex::new(file.text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "a\n\u{e9}\u{1F600}x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position::new(1, 3));
        assert_eq!(index.offset(text, Position::new(1, 3)), x);
        assert_eq!(index.offset(text, Position::new(1, 99)), text.len() - 1);
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        // Inside a character: the start of it.
        assert_eq!(index.position(text, x - 1), Position::new(1, 1));
    }
}
