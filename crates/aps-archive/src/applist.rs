//! APP-LIST.xml: the package's table of contents, in exactly the layout the
//! official APS tools write, and a namespace-aware reader for any producer's.
//!
//! Official layout (observed in archives built by `aps build`):
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
//! <files xmlns="http://apstandard.com/ns/1" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#">
//!     <file name="APP-META.xml" size="18134" sha256="98969d07…"/>
//! </files>
//! ```
//!
//! Four-space indentation, `\n` line ends, a final newline, lower-case hex,
//! `/` separators, every file except APP-LIST.xml itself, no folders.
//! Signatures go inside `<files>`, after the last `<file>`.

use crate::rules::InvalidAppList;
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use std::collections::HashMap;
use std::sync::Arc;

pub const APP_LIST: &str = "APP-LIST.xml";
pub const APP_META: &str = "APP-META.xml";
/// Namespace of `<files>` and `<file>`.
pub const APS1_NS: &str = "http://apstandard.com/ns/1";
/// Namespace of XML signatures.
pub const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// One file of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub name: String,
    pub size: u64,
    pub sha256: [u8; 32],
}

/// Lower-case hex of `bytes`.
pub use aps_diag::hex;

fn parse_sha256(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let hi = (pair[0] as char).to_digit(16)?;
        let lo = (pair[1] as char).to_digit(16)?;
        out[i] = (hi * 16 + lo) as u8;
    }
    Some(out)
}

fn escape_attr(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// The text of an unsigned APP-LIST.xml listing `entries` in the given order.
pub fn generate(entries: &[ListEntry]) -> String {
    let mut out = String::with_capacity(160 + entries.len() * 140);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    out.push_str("<files xmlns=\"");
    out.push_str(APS1_NS);
    out.push_str("\" xmlns:ns2=\"");
    out.push_str(DSIG_NS);
    out.push_str("\">\n");
    for e in entries {
        out.push_str("    <file name=\"");
        escape_attr(&e.name, &mut out);
        out.push_str("\" size=\"");
        out.push_str(&e.size.to_string());
        out.push_str("\" sha256=\"");
        out.push_str(&hex(&e.sha256));
        out.push_str("\"/>\n");
    }
    out.push_str("</files>\n");
    out
}

/// A listed file with where it is written.
#[derive(Debug, Clone)]
pub struct Listed {
    pub entry: ListEntry,
    /// The `<file>` element.
    pub span: Span,
    pub size_span: Span,
    pub sha256_span: Span,
}

/// A parsed APP-LIST.xml.
#[derive(Debug, Clone)]
pub struct AppList {
    pub file: Arc<SourceFile>,
    /// In document order; names unique (repeats are reported and dropped).
    pub files: Vec<Listed>,
    /// Number of `<Signature>` elements (anywhere).
    pub signature_count: usize,
    /// Names of `<file>` elements that were reported as invalid (so their
    /// files are not also reported as unlisted).
    pub invalid_names: Vec<String>,
    /// Name -> position in `files`, so checking every entry against the list is linear.
    by_name: HashMap<String, usize>,
}

impl AppList {
    pub fn get(&self, name: &str) -> Option<&Listed> {
        self.by_name.get(name).map(|&i| &self.files[i])
    }
}

/// Options every XML read in this crate uses: no DTD, bounded node count.
pub(crate) fn xml_options<'input>() -> roxmltree::ParsingOptions<'input> {
    roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: 16_000_000, ..Default::default() }
}

/// A diagnostic for an XML syntax error, at its position.
pub(crate) fn xml_error(file: &Arc<SourceFile>, err: &roxmltree::Error, what: &str) -> Diagnostic {
    let pos = err.pos();
    let offset = file.offset_of(pos.row as usize, pos.col as usize).unwrap_or(0);
    InvalidAppList::Xml { what, error: err }
        .diagnostic()
        .at(file, Span::new(offset, offset))
        .with_label("here")
}

fn span_of(range: std::ops::Range<usize>) -> Span {
    Span::new(range.start, range.end)
}

/// Parse APP-LIST.xml. `None` when it cannot be read at all (the reason is in `diags`).
pub fn parse(file: &Arc<SourceFile>, diags: &mut Vec<Diagnostic>) -> Option<AppList> {
    let doc = match roxmltree::Document::parse_with_options(file.text(), xml_options()) {
        Ok(doc) => doc,
        Err(err) => {
            diags.push(xml_error(file, &err, "APP-LIST.xml"));
            return None;
        }
    };
    let root = doc.root_element();
    let name_span = {
        let r = root.range();
        Span::new(r.start, (r.start + 1 + root.tag_name().name().len()).min(r.end))
    };
    if root.tag_name().name() != "files" || root.tag_name().namespace() != Some(APS1_NS) {
        diags.push(
            InvalidAppList::Root { name: root.tag_name().name(), namespace: root.tag_name().namespace() }
                .diagnostic()
                .at(file, name_span)
                .with_label("expected <files> here"),
        );
        return None;
    }
    let mut files: Vec<Listed> = Vec::new();
    let mut invalid_names = Vec::new();
    let mut seen: HashMap<String, Span> = HashMap::new();
    let signature_count = doc
        .descendants()
        .filter(|n| {
            n.is_element() && n.tag_name().name() == "Signature" && n.tag_name().namespace() == Some(DSIG_NS)
        })
        .count();
    for child in root.children().filter(|n| n.is_element()) {
        let tag = child.tag_name();
        if tag.namespace() == Some(DSIG_NS) && tag.name() == "Signature" {
            continue;
        }
        let span = span_of(child.range());
        if tag.namespace() != Some(APS1_NS) || tag.name() != "file" {
            diags.push(
                InvalidAppList::UnexpectedElement { name: tag.name() }
                    .diagnostic()
                    .at(file, span)
                    .with_label("only <file> and <Signature> belong here"),
            );
            continue;
        }
        let attr = |name: &str| child.attributes().find(|a| a.name() == name && a.namespace().is_none());
        let missing = |name: &str| {
            InvalidAppList::MissingAttribute { name }
                .diagnostic()
                .at(file, span)
                .with_label(format!("`{name}` missing"))
        };
        let Some(name) = attr("name") else {
            diags.push(missing("name"));
            continue;
        };
        invalid_names.push(name.value().to_string());
        let Some(size) = attr("size") else {
            diags.push(missing("size"));
            continue;
        };
        let Some(sha) = attr("sha256") else {
            diags.push(missing("sha256"));
            continue;
        };
        let size_span = span_of(size.range_value());
        let sha256_span = span_of(sha.range_value());
        let Ok(size_value) = size.value().parse::<u64>() else {
            diags.push(
                InvalidAppList::Size { value: size.value() }
                    .diagnostic()
                    .at(file, size_span)
                    .with_label("expected digits only"),
            );
            continue;
        };
        let Some(sha_value) = parse_sha256(sha.value()) else {
            diags.push(
                InvalidAppList::Sha256 { value: sha.value() }
                    .diagnostic()
                    .at(file, sha256_span)
                    .with_label("expected a SHA-256 in hex"),
            );
            continue;
        };
        let name_value = name.value().to_string();
        if name_value == APP_LIST {
            diags.push(
                InvalidAppList::ListsItself
                    .diagnostic()
                    .at(file, span)
                    .with_label("a file cannot hold its own hash"),
            );
            continue;
        }
        if let Some(first) = seen.get(&name_value) {
            diags.push(
                InvalidAppList::ListedTwice { name: &name_value }
                    .diagnostic()
                    .at(file, span)
                    .with_label("second listing")
                    .with_secondary(file, *first, "first listing"),
            );
            continue;
        }
        invalid_names.pop();
        seen.insert(name_value.clone(), span);
        files.push(Listed {
            entry: ListEntry { name: name_value, size: size_value, sha256: sha_value },
            span,
            size_span,
            sha256_span,
        });
    }
    let by_name = files.iter().enumerate().map(|(i, l)| (l.entry.name.clone(), i)).collect();
    Some(AppList { file: file.clone(), files, signature_count, invalid_names, by_name })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, size: u64, byte: u8) -> ListEntry {
        ListEntry { name: name.into(), size, sha256: [byte; 32] }
    }

    #[test]
    fn generates_the_official_layout() {
        let text = generate(&[entry("APP-META.xml", 12, 0xab), entry("a&b\"c.txt", 0, 0x01)]);
        let expected = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <files xmlns=\"http://apstandard.com/ns/1\" xmlns:ns2=\"http://www.w3.org/2000/09/xmldsig#\">\n    \
             <file name=\"APP-META.xml\" size=\"12\" sha256=\"{}\"/>\n    \
             <file name=\"a&amp;b&quot;c.txt\" size=\"0\" sha256=\"{}\"/>\n\
             </files>\n",
            "ab".repeat(32),
            "01".repeat(32)
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn round_trips_and_reads_other_prefixes() {
        let entries = vec![entry("APP-META.xml", 12, 0xab), entry("ui/a b.js", 7, 0xcd)];
        let file = SourceFile::new("APP-LIST.xml", generate(&entries));
        let mut diags = Vec::new();
        let list = parse(&file, &mut diags).unwrap();
        assert!(diags.is_empty());
        assert_eq!(list.files.iter().map(|l| l.entry.clone()).collect::<Vec<_>>(), entries);

        let swapped = format!(
            "<ns2:files xmlns=\"{DSIG_NS}\" xmlns:ns2=\"{APS1_NS}\"><ns2:file name=\"x\" size=\"1\" sha256=\"{}\"/></ns2:files>",
            "AB".repeat(32)
        );
        let file = SourceFile::new("APP-LIST.xml", swapped);
        let list = parse(&file, &mut diags).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(list.files[0].entry, entry("x", 1, 0xab));
    }

    #[test]
    fn reports_what_is_wrong() {
        let text = format!(
            "<files xmlns=\"{APS1_NS}\">\n<file name=\"a\" size=\"12k\" sha256=\"{h}\"/>\n<file name=\"b\" size=\"1\" sha256=\"zz\"/>\n\
             <file name=\"c\" size=\"1\"/>\n<file name=\"d\" size=\"1\" sha256=\"{h}\"/>\n<file name=\"d\" size=\"1\" sha256=\"{h}\"/>\n\
             <file name=\"APP-LIST.xml\" size=\"1\" sha256=\"{h}\"/>\n<dir name=\"x\"/>\n</files>",
            h = "00".repeat(32)
        );
        let file = SourceFile::new("APP-LIST.xml", text);
        let mut diags = Vec::new();
        let list = parse(&file, &mut diags).unwrap();
        assert_eq!(list.files.len(), 1);
        let messages: Vec<_> =
            diags.iter().map(|d| (d.line_col().unwrap().line, d.message.clone())).collect();
        assert_eq!(
            messages,
            [
                (2, "size `12k` is not a whole number of bytes".to_string()),
                (3, "sha256 `zz` is not 64 hex digits".to_string()),
                (4, "<file> has no `sha256` attribute".to_string()),
                (6, "`d` is listed twice".to_string()),
                (7, "APP-LIST.xml lists itself".to_string()),
                (8, "unexpected element <dir> in APP-LIST.xml".to_string()),
            ]
        );
        assert!(diags.iter().all(|d| d.code() == "PKG108"));
    }

    #[test]
    fn refuses_doctype_and_wrong_root() {
        let mut diags = Vec::new();
        let file = SourceFile::new("APP-LIST.xml", "<!DOCTYPE files [<!ENTITY a \"b\">]><files/>");
        assert!(parse(&file, &mut diags).is_none());
        assert!(diags[0].message.contains("DOCTYPE"), "{}", diags[0].message);
        diags.clear();
        let file = SourceFile::new("APP-LIST.xml", "<files/>");
        assert!(parse(&file, &mut diags).is_none());
        assert!(diags[0].message.contains("without a namespace"), "{}", diags[0].message);
        diags.clear();
        let file = SourceFile::new("APP-LIST.xml", "<files xmlns=\"x\"><file");
        assert!(parse(&file, &mut diags).is_none());
        assert!(diags[0].message.contains("not well-formed"), "{}", diags[0].message);
    }
}
