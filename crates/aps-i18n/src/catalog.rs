//! The JSON catalog the official build writes for each `i18n/<locale>.po`.
//!
//! Learnt from published official builds (every locale of two vendors' archives compiles
//! byte for byte, see `tests/published_pairs.rs`): a JSON object with one member per
//! entry, in the PO file's order, the header and obsolete entries left out; the value is
//! the `msgstr`, or the `msgid` itself when the translation is empty. It is printed with
//! two-space indentation, `"key" : "value"`, a line break after `{` and before `}`, no line
//! break at the end, and the PO file's line ending (CR LF builds exist); an empty catalog is
//! `{ }`. Strings escape only `"`, `\` and control characters (`\n`, `\t`, `\r`, `\b`, `\f`,
//! others as `\u00XX`): non-ASCII text and `/` are written as they are.

use crate::po::{self, PoFile};
use aps_diag::SourceFile;
use aps_model::PackageSource;

/// The catalog's bytes for a read PO file.
pub fn compile(po: &PoFile) -> Vec<u8> {
    let nl = if po.crlf { "\r\n" } else { "\n" };
    // A msgid given twice keeps its first place and its last translation.
    let mut members: Vec<(&str, &str)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for entry in po.messages() {
        let id = entry.id();
        let value = match entry.translation() {
            "" => id,
            t => t,
        };
        match index.get(id) {
            Some(&at) => members[at] = (id, value),
            None => {
                index.insert(id, members.len());
                members.push((id, value));
            }
        }
    }
    if members.is_empty() {
        return b"{ }".to_vec();
    }
    let mut out = String::from("{");
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(nl);
        out.push_str("  \"");
        escape_into(&mut out, key);
        out.push_str("\" : \"");
        escape_into(&mut out, value);
        out.push('"');
    }
    out.push_str(nl);
    out.push('}');
    out.into_bytes()
}

/// The escape JSON strings and PO strings both write for `c`, if any.
pub(crate) fn shared_escape(c: char) -> Option<&'static str> {
    Some(match c {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\t' => "\\t",
        '\r' => "\\r",
        _ => return None,
    })
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        if let Some(e) = shared_escape(c) {
            out.push_str(e);
            continue;
        }
        match c {
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
}

/// PO files are metadata: read whole up to this size.
pub const MAX_PO_BYTES: u64 = 64 * 1024 * 1024;

/// A catalog compiled from one of a package's PO files.
#[derive(Debug, Clone)]
pub struct CompiledCatalog {
    /// `i18n/<locale>.po`
    pub po_path: String,
    /// `i18n/<locale>.json`
    pub json_path: String,
    pub bytes: Vec<u8>,
    /// The package's own catalog at `json_path`, if it has one.
    pub existing: Option<Vec<u8>>,
}

impl CompiledCatalog {
    /// The package has no catalog, or one that disagrees with its PO file.
    pub fn needs_writing(&self) -> bool {
        self.existing.as_deref() != Some(self.bytes.as_slice())
    }
}

/// The package's PO files (`i18n/*.po`, sorted).
pub fn po_files(source: &dyn PackageSource) -> Vec<String> {
    let mut files: Vec<String> = source
        .files()
        .into_iter()
        .filter(|f| f.strip_prefix("i18n/").is_some_and(|rest| !rest.contains('/') && rest.ends_with(".po")))
        .collect();
    files.sort();
    files
}

/// Compile every `i18n/*.po` of a package. PO files that cannot be read, are not UTF-8
/// or have syntax errors are not compiled (the package lint reports why).
pub fn compile_package(source: &dyn PackageSource) -> Vec<CompiledCatalog> {
    let mut out = Vec::new();
    for po_path in po_files(source) {
        let Ok(bytes) = source.read_limited(&po_path, MAX_PO_BYTES) else { continue };
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let file = SourceFile::new(source.display_path(&po_path), text);
        let (po, diags) = po::parse(&file);
        if !diags.is_empty() {
            continue;
        }
        let json_path = format!("{}.json", po_path.trim_end_matches(".po"));
        let existing = source.read(&json_path).ok();
        out.push(CompiledCatalog { po_path, json_path, bytes: compile(&po), existing });
    }
    out
}
