use std::sync::Arc;

/// A half-open byte range `[start, end)` into a source file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// 1-based line and column (column in Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A file's display path and its text, with a line index built on demand.
///
/// Non-UTF-8 input is stored lossily (U+FFFD) so it can still be shown; the
/// loader that found the bad bytes reports them as a diagnostic.
#[derive(Debug)]
pub struct SourceFile {
    path: String,
    text: String,
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Per line: is it all ASCII (so a column is a byte difference)?
    ascii_lines: std::sync::OnceLock<Vec<bool>>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(SourceFile {
            path: path.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
            ascii_lines: std::sync::OnceLock::new(),
        })
    }

    /// From raw bytes; returns the file and, if the bytes are not UTF-8, the
    /// byte offset of the first invalid sequence.
    pub fn from_bytes(path: impl Into<String>, bytes: Vec<u8>) -> (Arc<Self>, Option<usize>) {
        match String::from_utf8(bytes) {
            Ok(text) => (Self::new(path, text), None),
            Err(err) => {
                let bad = err.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                (Self::new(path, text), Some(bad))
            }
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// 0-based index of the line holding byte `offset` (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        let starts = self.line_starts();
        match starts.binary_search(&offset.min(self.text.len())) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based line `index` starts; the text's length past the last line.
    pub fn line_start(&self, index: usize) -> usize {
        self.line_starts().get(index).copied().unwrap_or(self.text.len())
    }

    /// Number of lines (a final line without a newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// Line and column of a byte offset (clamped to the text, and to a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        // Counting chars from the line start would make each position cost
        // the length of its line: quadratic for many findings on one long line.
        let ascii = self.ascii_lines.get_or_init(|| {
            starts
                .iter()
                .enumerate()
                .map(|(i, &s)| {
                    let e = starts.get(i + 1).copied().unwrap_or(self.text.len());
                    self.text.as_bytes()[s..e].is_ascii()
                })
                .collect()
        });
        let column = if ascii.get(line).copied().unwrap_or(false) {
            offset - starts[line] + 1
        } else {
            self.text[starts[line]..offset].chars().count() + 1
        };
        LineCol { line: line + 1, column }
    }

    /// Byte offset of a 1-based line and column, if it exists.
    pub fn offset_of(&self, line: usize, column: usize) -> Option<usize> {
        let start = *self.line_starts().get(line.checked_sub(1)?)?;
        let rest = &self.text[start..];
        let mut chars = rest.char_indices();
        let mut off = 0;
        for _ in 1..column {
            let (_, c) = chars.next()?;
            off += c.len_utf8();
        }
        Some(start + off)
    }

    /// The text of a span (empty if out of range or not on char boundaries).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}
