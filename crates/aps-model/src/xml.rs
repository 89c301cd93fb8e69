//! A small, namespace-aware XML element tree in which every element name,
//! attribute name and value, and text run keeps its byte span.
//!
//! Built on `quick-xml`'s pull reader. Hostile input is refused, never
//! expanded: a DOCTYPE (and so any entity declaration) stops the parse with a
//! diagnostic, unknown entity references are errors, nesting is bounded, and
//! the tree is built with an explicit stack so no input can exhaust the call
//! stack.

mod errors;
mod names;
mod refs;

use crate::rules::xml_doctype::XmlDoctype;
use crate::rules::xml_encoding::XmlEncoding;
use crate::rules::xml_syntax::XmlSyntax;
use crate::rules::xml_too_deep::XmlTooDeep;
use crate::Spanned;
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use quick_xml::events::Event;
use refs::first_non_xml_char;
use std::sync::Arc;

/// The XML namespace bound to the `xml:` prefix by definition.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Parser settings.
#[derive(Debug, Clone)]
pub struct XmlOptions {
    /// Deepest element nesting accepted.
    pub max_depth: usize,
}

impl Default for XmlOptions {
    fn default() -> Self {
        XmlOptions { max_depth: 256 }
    }
}

/// A parsed document: its root element and where its comments are (processing
/// instructions and the XML declaration are not kept).
#[derive(Debug, Clone)]
pub struct XmlDocument {
    pub root: Element,
    /// Every comment, in order, from `<!--` to `-->` (inside or outside the root).
    pub comments: Vec<Span>,
}

/// An element with its resolved namespace.
#[derive(Debug, Clone)]
pub struct Element {
    /// Namespace URI the element's prefix (or the default namespace) resolves to.
    pub namespace: Option<String>,
    pub prefix: Option<String>,
    /// Local name (without prefix).
    pub name: String,
    /// The qualified name as written in the start tag.
    pub name_span: Span,
    /// From `<` of the start tag to `>` of the end tag.
    pub span: Span,
    /// The start tag alone (`<name attr="…">`).
    pub start_tag: Span,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub struct Attribute {
    /// Only prefixed attributes have a namespace (XML Namespaces §6.2).
    pub namespace: Option<String>,
    pub prefix: Option<String>,
    pub name: String,
    pub name_span: Span,
    /// Unescaped and whitespace-normalised value.
    pub value: String,
    /// The value between the quotes.
    pub value_span: Span,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(Text),
}

/// A run of character data (text, references and CDATA sections merged).
#[derive(Debug, Clone)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

impl Element {
    /// The attribute named `name` that has no namespace prefix.
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.prefix.is_none() && a.name == name)
    }

    /// An attribute's value with the span of the value.
    pub fn attr_spanned(&self, name: &str) -> Option<Spanned<String>> {
        self.attr(name).map(|a| Spanned::new(a.value.clone(), a.value_span))
    }

    /// Child elements in document order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name` in namespace `ns`.
    pub fn child(&self, ns: Option<&str>, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.namespace.as_deref() == ns && e.name == name)
    }

    /// The element's direct text, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                out.push_str(&t.value);
            }
        }
        out
    }

    /// The direct text with surrounding whitespace removed, spanning the
    /// trimmed text in the source. An element without text gets the span
    /// of its start tag, so a finding about an empty `<homepage/>` points
    /// at the tag.
    pub fn text_trimmed(&self, file: &SourceFile) -> Spanned<String> {
        let value = self.text().trim().to_string();
        let mut span: Option<Span> = None;
        for n in &self.children {
            if let Node::Text(t) = n {
                span = Some(span.map_or(t.span, |s| s.join(t.span)));
            }
        }
        let span = match span {
            Some(s) => {
                let raw = file.slice(s);
                let lead = raw.len() - raw.trim_start().len();
                let trail = raw.len() - raw.trim_end().len();
                if lead + trail >= raw.len() {
                    self.start_tag
                } else {
                    Span::new(s.start + lead, s.end - trail)
                }
            }
            None => self.start_tag,
        };
        Spanned::new(value, span)
    }

    /// The qualified name as written (`prefix:name`).
    pub fn qualified_name(&self) -> String {
        match &self.prefix {
            Some(p) => format!("{p}:{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Parse `file` with the default options.
pub fn parse_xml(file: &Arc<SourceFile>) -> (Option<XmlDocument>, Vec<Diagnostic>) {
    parse_xml_with(file, &XmlOptions::default())
}

/// Parse `file`. Never panics; stops at the first fatal problem. Returns the
/// tree when the document is well-formed (warnings may still be reported).
pub fn parse_xml_with(file: &Arc<SourceFile>, opts: &XmlOptions) -> (Option<XmlDocument>, Vec<Diagnostic>) {
    let mut p = XmlParser {
        file,
        text: file.text(),
        opts,
        diags: Vec::new(),
        scopes: Vec::new(),
        comments: Vec::new(),
    };
    match p.run() {
        Ok(root) => (Some(XmlDocument { root, comments: p.comments }), p.diags),
        Err(d) => {
            p.diags.push(*d);
            (None, p.diags)
        }
    }
}

type XResult<T> = Result<T, Box<Diagnostic>>;

struct Open {
    element: Element,
    /// Text being accumulated (merged across references and CDATA).
    pending: Option<Text>,
}

struct XmlParser<'a> {
    file: &'a Arc<SourceFile>,
    text: &'a str,
    opts: &'a XmlOptions,
    diags: Vec<Diagnostic>,
    /// Namespace bindings per open element: (prefix, uri); prefix "" = default.
    scopes: Vec<Vec<(String, String)>>,
    comments: Vec<Span>,
}

impl<'a> XmlParser<'a> {
    fn offset_of(&self, slice: &[u8]) -> Option<usize> {
        let base = self.text.as_ptr() as usize;
        let p = slice.as_ptr() as usize;
        if p >= base && p + slice.len() <= base + self.text.len() {
            Some(p - base)
        } else {
            None
        }
    }

    fn error(&self, span: Span, violation: XmlSyntax<'_>, label: impl Into<String>) -> Diagnostic {
        violation.diagnostic().at(self.file, span).with_label(label)
    }

    fn char_span(&self, at: usize) -> Span {
        let mut end = (at + 1).min(self.text.len());
        while end < self.text.len() && !self.text.is_char_boundary(end) {
            end += 1;
        }
        Span::new(at.min(self.text.len()), end)
    }

    fn run(&mut self) -> XResult<Element> {
        // The reader passes control characters and U+FFFE/U+FFFF through as
        // text; XML 1.0 makes them a well-formedness error wherever they are.
        if let Some((at, c)) = first_non_xml_char(self.text) {
            return Err(self
                .error(self.char_span(at), XmlSyntax::BadCharacter { c }, "not an XML 1.0 character")
                .into());
        }
        let skip = if self.text.starts_with('\u{feff}') { 3 } else { 0 };
        let src = &self.text[skip..];
        let mut reader = quick_xml::Reader::from_str(src);
        {
            let cfg = reader.config_mut();
            cfg.check_end_names = false;
            cfg.allow_unmatched_ends = true;
            cfg.expand_empty_elements = false;
            cfg.trim_text(false);
        }
        let mut stack: Vec<Open> = Vec::new();
        let mut root: Option<Element> = None;
        loop {
            let before = reader.buffer_position() as usize + skip;
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => return Err(self.reader_error(&e, reader.error_position() as usize + skip, &stack)),
            };
            let after = reader.buffer_position() as usize + skip;
            match event {
                Event::Decl(decl) => {
                    if let Some(Ok(enc)) = decl.encoding() {
                        let enc = String::from_utf8_lossy(&enc).into_owned();
                        if !enc.eq_ignore_ascii_case("utf-8") && !enc.eq_ignore_ascii_case("utf8") {
                            let span = self
                                .offset_of(&decl)
                                .and_then(|o| {
                                    self.text[o..after]
                                        .find(&enc)
                                        .map(|i| Span::new(o + i, o + i + enc.len()))
                                })
                                .unwrap_or(Span::new(before, after));
                            self.diags.push(
                                XmlEncoding { encoding: &enc }
                                    .diagnostic()
                                    .at(self.file, span)
                                    .with_label("declared here"),
                            );
                        }
                    }
                }
                Event::DocType(dt) => {
                    let raw = String::from_utf8_lossy(&dt);
                    return Err(Box::new(
                        XmlDoctype { declares_entities: raw.contains("<!ENTITY") }
                            .diagnostic()
                            // Only the keyword: a hostile DTD may be megabytes long.
                            .at(self.file, Span::new(before, (before + 9).min(after)))
                            .with_label("DOCTYPE here")
                            .with_note(
                                "entity declarations are the vehicle of \"billion laughs\" and external-entity attacks",
                            ),
                    ));
                }
                Event::Start(ref start) | Event::Empty(ref start) => {
                    let is_empty = matches!(event, Event::Empty(_));
                    let name_off = self.offset_of(start).unwrap_or(before + 1);
                    let tag_start = name_off.saturating_sub(1);
                    if root.is_some() && stack.is_empty() {
                        return Err(self
                            .error(Span::new(tag_start, after), XmlSyntax::SecondRoot, "expected end of file")
                            .into());
                    }
                    if stack.len() >= self.opts.max_depth {
                        return Err(Box::new(
                            XmlTooDeep { max_depth: self.opts.max_depth }
                                .diagnostic()
                                .at(self.file, Span::new(tag_start, after))
                                .with_label("too deep here"),
                        ));
                    }
                    let element = self.start_element(start, name_off, Span::new(tag_start, after))?;
                    if let Some(top) = stack.last_mut() {
                        flush_text(top);
                    }
                    if is_empty {
                        self.scopes.pop();
                        let mut element = element;
                        element.span = Span::new(tag_start, after);
                        match stack.last_mut() {
                            Some(parent) => parent.element.children.push(Node::Element(element)),
                            None => root = Some(element),
                        }
                    } else {
                        stack.push(Open { element, pending: None });
                    }
                }
                Event::End(end) => {
                    let name_off = self.offset_of(&end).unwrap_or(before + 2);
                    let found = String::from_utf8_lossy(&end).trim().to_string();
                    let tag_span = Span::new(name_off.saturating_sub(2), after);
                    let Some(mut open) = stack.pop() else {
                        return Err(self
                            .error(
                                tag_span,
                                XmlSyntax::UnmatchedClosingTag { found: &found },
                                "unexpected closing tag",
                            )
                            .into());
                    };
                    let expected = open.element.qualified_name();
                    if found != expected {
                        let d = self
                            .error(
                                tag_span,
                                XmlSyntax::MismatchedClosingTag { expected: &expected, found: &found },
                                format!("expected `</{expected}>`"),
                            )
                            .with_secondary(
                                self.file,
                                open.element.name_span,
                                format!("`<{expected}>` opened here"),
                            );
                        return Err(Box::new(d));
                    }
                    flush_text(&mut open);
                    self.scopes.pop();
                    let mut element = open.element;
                    element.span = Span::new(element.start_tag.start, after);
                    match stack.last_mut() {
                        Some(parent) => parent.element.children.push(Node::Element(element)),
                        None => root = Some(element),
                    }
                }
                Event::Text(t) => {
                    let start = self.offset_of(&t).unwrap_or(before);
                    let raw = String::from_utf8_lossy(&t).into_owned();
                    match stack.last_mut() {
                        Some(top) => push_text(top, &raw, Span::new(start, start + t.len())),
                        None => {
                            if let Some(pos) = raw.find(|c: char| !c.is_whitespace()) {
                                let at = start + pos;
                                let what = XmlSyntax::TextOutside { after_root: root.is_some() };
                                return Err(self.error(self.char_span(at), what, "expected `<`").into());
                            }
                        }
                    }
                }
                Event::CData(c) => {
                    let start = self.offset_of(&c).unwrap_or(before);
                    let raw = String::from_utf8_lossy(&c).into_owned();
                    match stack.last_mut() {
                        Some(top) => push_text(top, &raw, Span::new(start, start + c.len())),
                        None => {
                            return Err(self
                                .error(Span::new(before, after), XmlSyntax::CDataOutside, "here")
                                .into())
                        }
                    }
                }
                Event::GeneralRef(r) => {
                    let name_off = self.offset_of(&r).unwrap_or(before + 1);
                    let span = Span::new(name_off.saturating_sub(1), after);
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let value = self.resolve_reference(&name, span)?;
                    match stack.last_mut() {
                        Some(top) => push_text(top, &value, span),
                        None => return Err(self.error(span, XmlSyntax::ReferenceOutside, "here").into()),
                    }
                }
                Event::Comment(_) => self.comments.push(Span::new(before, after)),
                Event::PI(_) => {}
                Event::Eof => break,
            }
        }
        if let Some(open) = stack.last() {
            let expected = open.element.qualified_name();
            let end = self.text.trim_end().len();
            let at = Span::new(end.saturating_sub(1), end);
            let d = self.error(
                at,
                XmlSyntax::UnexpectedEof { expected: &expected },
                format!("expected `</{expected}>` after this"),
            );
            let d = crate::related(
                d,
                self.file,
                at,
                open.element.name_span,
                &format!("`<{expected}>` opened here"),
            );
            return Err(Box::new(d));
        }
        match root {
            Some(r) => Ok(r),
            None => Err(self
                .error(Span::empty(self.text.len()), XmlSyntax::NoElement, "expected a root element")
                .into()),
        }
    }
}

fn flush_text(open: &mut Open) {
    if let Some(t) = open.pending.take() {
        open.element.children.push(Node::Text(t));
    }
}

fn push_text(open: &mut Open, value: &str, span: Span) {
    match &mut open.pending {
        Some(t) => {
            t.value.push_str(value);
            t.span = t.span.join(span);
        }
        None => open.pending = Some(Text { value: value.to_string(), span }),
    }
}
