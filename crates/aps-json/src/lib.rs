//! A JSON parser that keeps the byte span of every value and key, so every
//! later check can point at a line and column.
//!
//! Differences from a plain `serde_json` parse, all deliberate:
//! - duplicate keys in an object are reported ([`rules::DUPLICATE_KEY`]) instead
//!   of silently keeping the last one;
//! - `//` and `/* */` comments are accepted when [`Options::comments`] is set
//!   (APS type schemas carry them in the wild);
//! - nesting deeper than [`Options::max_depth`] is an error, never a stack overflow;
//! - a leading UTF-8 byte-order mark is skipped.
//!
//! Parsing stops at the first syntax error: its diagnostic says what was
//! expected and where.

mod parser;
pub mod rules;
pub mod schema;
mod value;

pub use parser::{parse, Options};
pub use value::{Kind, Member, Number, Object, Value};

use aps_diag::Violation;
use aps_diag::{Diagnostic, SourceFile, Span};
use std::sync::Arc;

/// Result of a parse: the value if the text is well-formed, and every finding.
#[derive(Debug)]
pub struct Parsed {
    pub value: Option<Value>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every `//` and `/* */` comment read (with [`Options::comments`]), in order: from the
    /// comment's first `/` to its end (the line end is not part of a `//` comment). Read up to
    /// the first syntax error.
    pub comments: Vec<Span>,
}

/// Largest metadata file (JSON or XML) aps-pack reads into memory.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// Turn raw bytes into a [`SourceFile`], reporting non-UTF-8 content and
/// oversized input. The file is returned even when it has problems so the
/// caller can still point into it.
pub fn load_source(display_path: &str, bytes: Vec<u8>) -> (Arc<SourceFile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (file, bad_utf8) = SourceFile::from_bytes(display_path, bytes);
    if let Some(at) = bad_utf8 {
        diags.push(
            rules::NotUtf8
                .diagnostic()
                .at(&file, Span::new(at, at + 1))
                .with_label("invalid byte sequence here"),
        );
    }
    (file, diags)
}

/// Read a file from disk with the size limit applied.
// The error is a finding the caller adds to its list as is; boxing it would
// only move the same bytes to the heap on a path that is already an error.
#[allow(clippy::result_large_err)]
pub fn read_source(
    path: &std::path::Path,
    display_path: &str,
) -> Result<(Arc<SourceFile>, Vec<Diagnostic>), Diagnostic> {
    let bytes = read_limited(path, display_path)?;
    Ok(load_source(display_path, bytes))
}

/// A metadata file's bytes, refused from its size on disk when over
/// [`MAX_SOURCE_BYTES`] (so a huge or sparse file is never read), and read at
/// most one byte past the limit in case it grows meanwhile.
#[allow(clippy::result_large_err)]
pub fn read_limited(path: &std::path::Path, display_path: &str) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let unreadable = |error: std::io::Error| {
        rules::Unreadable::Io { what: "file", error: &error }
            .diagnostic()
            .at_path(display_path)
            .with_help("check that the path names a readable file")
    };
    // Without blocking: a FIFO given (or swapped in) must not hang the run.
    let file = aps_diag::reading::open_nonblocking(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.is_dir() {
        return Err(rules::Unreadable::Folder.diagnostic().at_path(display_path));
    }
    if !meta.is_file() {
        return Err(unreadable(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "it is not a regular file",
        )));
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(too_large(display_path, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large(display_path, bytes.len() as u64));
    }
    Ok(bytes)
}

/// The diagnostic for a metadata file over [`MAX_SOURCE_BYTES`].
pub fn too_large(display_path: &str, len: u64) -> Diagnostic {
    too_large_with_limit(display_path, len, MAX_SOURCE_BYTES)
}

/// The diagnostic for a metadata file of `len` bytes over a limit of `max` bytes.
pub fn too_large_with_limit(display_path: &str, len: u64, max: u64) -> Diagnostic {
    rules::TooLarge { len, max }.diagnostic().at_path(display_path)
}

fn human_size(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB {
        format!("{} MiB", n / MIB)
    } else if n >= 1024 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

/// Parse a file's text as JSON (see [`parse`]) after loading it.
pub fn parse_bytes(display_path: &str, bytes: Vec<u8>, opts: &Options) -> (Arc<SourceFile>, Parsed) {
    let (file, mut diags) = load_source(display_path, bytes);
    let mut parsed = parse(&file, opts);
    diags.append(&mut parsed.diagnostics);
    parsed.diagnostics = diags;
    (file, parsed)
}
