//! A small, namespace-aware XML element tree in which every element name,
//! attribute name and value, and text run keeps its byte span.
//!
//! Built on `quick-xml`'s pull reader. Hostile input is refused, never
//! expanded: a DOCTYPE (and so any entity declaration) stops the parse with a
//! diagnostic, unknown entity references are errors, nesting is bounded, and
//! the tree is built with an explicit stack so no input can exhaust the call
//! stack.

use crate::rules;
use crate::Spanned;
use aps_diag::{Diagnostic, SourceFile, Span};
use quick_xml::events::Event;
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

/// A parsed document: its root element (comments, processing instructions
/// and the XML declaration are not kept).
#[derive(Debug, Clone)]
pub struct XmlDocument {
    pub root: Element,
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
    let mut p = XmlParser { file, text: file.text(), opts, diags: Vec::new(), scopes: Vec::new() };
    match p.run() {
        Ok(root) => (Some(XmlDocument { root }), p.diags),
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

    fn error(&self, span: Span, message: impl Into<String>, label: impl Into<String>) -> Diagnostic {
        Diagnostic::new(&rules::XML_SYNTAX, message).at(self.file, span).with_label(label)
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
                .error(
                    self.char_span(at),
                    format!("character U+{:04X} is not allowed in XML", c as u32),
                    "not an XML 1.0 character",
                )
                .with_help(
                    "remove it: XML 1.0 allows tab, line feed, carriage return and U+0020-U+D7FF, \
                     U+E000-U+FFFD, U+10000-U+10FFFF, not even as a character reference",
                )
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
                                Diagnostic::new(
                                    &rules::XML_ENCODING,
                                    format!("the XML declaration says encoding `{enc}`; APS metadata is read as UTF-8"),
                                )
                                .at(self.file, span)
                                .with_label("declared here")
                                .with_help("save the file as UTF-8 and declare `encoding=\"UTF-8\"`"),
                            );
                        }
                    }
                }
                Event::DocType(dt) => {
                    let raw = String::from_utf8_lossy(&dt);
                    let has_entities = raw.contains("<!ENTITY");
                    let msg = if has_entities {
                        "the document declares entities in a DOCTYPE; aps-pack refuses DOCTYPE declarations and never expands entities"
                    } else {
                        "the document has a DOCTYPE declaration; aps-pack refuses DOCTYPE declarations"
                    };
                    return Err(Box::new(
                        Diagnostic::new(&rules::XML_DOCTYPE, msg)
                            // Only the keyword: a hostile DTD may be megabytes long.
                            .at(self.file, Span::new(before, (before + 9).min(after)))
                            .with_label("DOCTYPE here")
                            .with_help("remove the `<!DOCTYPE …>` declaration: APS metadata needs no DTD")
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
                            .error(
                                Span::new(tag_start, after),
                                "a second root element after the end of the document element",
                                "expected end of file",
                            )
                            .with_help("an XML document has exactly one root element")
                            .into());
                    }
                    if stack.len() >= self.opts.max_depth {
                        return Err(Box::new(
                            Diagnostic::new(
                                &rules::XML_TOO_DEEP,
                                format!("elements are nested more than {} levels deep", self.opts.max_depth),
                            )
                            .at(self.file, Span::new(tag_start, after))
                            .with_label("too deep here")
                            .with_help(
                                "no APS metadata file nests this deep; check that the file is the right one",
                            ),
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
                                format!("closing tag `</{found}>` has no matching opening tag"),
                                "unexpected closing tag",
                            )
                            .with_help("remove it, or add the missing opening tag")
                            .into());
                    };
                    let expected = open.element.qualified_name();
                    if found != expected {
                        let d = Diagnostic::new(
                            &rules::XML_SYNTAX,
                            format!("expected `</{expected}>`, found `</{found}>`"),
                        )
                        .at(self.file, tag_span)
                        .with_label(format!("expected `</{expected}>`"))
                        .with_secondary(
                            self.file,
                            open.element.name_span,
                            format!("`<{expected}>` opened here"),
                        );
                        let d = match aps_diag::did_you_mean_help(&found, [expected.as_str()]) {
                            Some(_) => d.with_help(format!("close `<{expected}>` with `</{expected}>`")),
                            None => d.with_help(format!(
                                "close `<{expected}>` before `</{found}>`, or remove the stray closing tag"
                            )),
                        };
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
                                let what = if root.is_some() {
                                    "text after the end of the document element"
                                } else {
                                    "text before the document element"
                                };
                                return Err(self
                                    .error(self.char_span(at), what, "expected `<`")
                                    .with_help("an XML document holds one root element and nothing else but comments")
                                    .into());
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
                                .error(
                                    Span::new(before, after),
                                    "CDATA section outside the document element",
                                    "here",
                                )
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
                        None => {
                            return Err(self
                                .error(span, "entity reference outside the document element", "here")
                                .into())
                        }
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => break,
            }
        }
        if let Some(open) = stack.last() {
            let expected = open.element.qualified_name();
            let end = self.text.trim_end().len();
            let at = Span::new(end.saturating_sub(1), end);
            let d = Diagnostic::new(
                &rules::XML_SYNTAX,
                format!("unexpected end of file: expected `</{expected}>`"),
            )
            .at(self.file, at)
            .with_label(format!("expected `</{expected}>` after this"))
            .with_help("the file looks truncated; restore its end");
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
                .error(
                    Span::empty(self.text.len()),
                    "the file holds no XML element",
                    "expected a root element",
                )
                .into()),
        }
    }

    fn reader_error(&self, e: &quick_xml::Error, pos: usize, stack: &[Open]) -> Box<Diagnostic> {
        use quick_xml::errors::{IllFormedError, SyntaxError};
        let pos = pos.min(self.text.len());
        let span = self.char_span(pos);
        let (message, label, help): (String, String, Option<&str>) = match e {
            quick_xml::Error::Syntax(s) => {
                let (m, l) = match s {
                    SyntaxError::InvalidBangMarkup => (
                        "unknown markup after `<!`".to_string(),
                        "expected `<!--`, `<![CDATA[` or `<!DOCTYPE`",
                    ),
                    SyntaxError::UnclosedPIOrXmlDecl => (
                        "processing instruction or XML declaration not closed".into(),
                        "expected `?>` before the end of the file",
                    ),
                    SyntaxError::UnclosedComment => {
                        ("comment not closed".into(), "expected `-->` before the end of the file")
                    }
                    SyntaxError::UnclosedDoctype => {
                        ("DOCTYPE not closed".into(), "expected `>` before the end of the file")
                    }
                    SyntaxError::UnclosedCData => {
                        ("CDATA section not closed".into(), "expected `]]>` before the end of the file")
                    }
                    SyntaxError::UnclosedTag => {
                        ("tag not closed".into(), "expected `>` before the end of the file")
                    }
                };
                (m, l.to_string(), Some("the file looks truncated or a `<` is not escaped (write `&lt;`)"))
            }
            quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) => (
                "`&` starts a reference that is not closed by `;`".into(),
                "expected `name;` or `#number;` after `&`".into(),
                Some("write a literal ampersand as `&amp;`"),
            ),
            quick_xml::Error::IllFormed(IllFormedError::MissingDeclVersion(_)) => (
                "the XML declaration has no `version`".into(),
                "expected `<?xml version=\"1.0\"`".into(),
                None,
            ),
            quick_xml::Error::IllFormed(IllFormedError::MissingDoctypeName) => (
                "the DOCTYPE has no name; aps-pack refuses DOCTYPE declarations anyway".into(),
                "DOCTYPE here".into(),
                Some("remove the `<!DOCTYPE …>` declaration"),
            ),
            other => (format!("malformed XML: {other}"), "here".into(), None),
        };
        let mut d = Diagnostic::new(&rules::XML_SYNTAX, message).at(self.file, span).with_label(label);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        if let Some(open) = stack.last() {
            let text = format!("inside `<{}>` opened here", open.element.qualified_name());
            d = crate::related(d, self.file, span, open.element.name_span, &text);
        }
        Box::new(d)
    }

    fn resolve_reference(&mut self, name: &str, span: Span) -> XResult<String> {
        if let Some(v) = predefined_entity(name) {
            return Ok(v.to_string());
        }
        if let Some(num) = name.strip_prefix('#') {
            return match char_reference(num) {
                Some(c) => Ok(c.to_string()),
                None => Err(self
                    .error(
                        span,
                        format!("`&{name};` is not a valid character reference"),
                        "expected `&#decimal;` or `&#xhex;` naming a character allowed in XML",
                    )
                    .into()),
            };
        }
        let help = aps_diag::did_you_mean_help(name, ["lt", "gt", "amp", "apos", "quot"])
            .unwrap_or_else(|| "write a literal ampersand as `&amp;`; only `&lt; &gt; &amp; &apos; &quot;` and character references are defined".into());
        Err(Box::new(
            Diagnostic::new(&rules::XML_UNKNOWN_ENTITY, format!("unknown entity reference `&{name};`"))
                .at(self.file, span)
                .with_label("not a predefined entity")
                .with_help(help),
        ))
    }

    /// Build the element for a start tag: bind its namespace declarations,
    /// resolve its name and attributes.
    fn start_element(
        &mut self,
        start: &quick_xml::events::BytesStart<'_>,
        name_off: usize,
        tag: Span,
    ) -> XResult<Element> {
        let qname_bytes = start.name().into_inner();
        let qname = String::from_utf8_lossy(qname_bytes).into_owned();
        let name_span = Span::new(name_off, name_off + qname_bytes.len());
        if !is_xml_name(&qname) {
            return Err(self
                .error(
                    if qname.is_empty() { self.char_span(name_off) } else { name_span },
                    if qname.is_empty() {
                        "`<` is not followed by an element name".to_string()
                    } else {
                        format!("`{qname}` is not a valid element name")
                    },
                    "expected an element name",
                )
                .with_help("write a literal `<` in text as `&lt;`")
                .into());
        }
        let mut raw_attrs = Vec::new();
        let mut attrs = start.attributes();
        // quick-xml's duplicate check is quadratic in the attribute count; a
        // hostile tag with 100k attributes must not hang, so check with a map.
        attrs.with_checks(false);
        let mut seen: std::collections::HashMap<String, Span> = std::collections::HashMap::new();
        for a in attrs {
            let a = match a {
                Ok(a) => a,
                Err(err) => return Err(self.attr_error(&err, name_off.saturating_sub(1))),
            };
            let key = a.key.into_inner();
            let key_off = self.offset_of(key).unwrap_or(name_off);
            let key_str = String::from_utf8_lossy(key).into_owned();
            let key_span = Span::new(key_off, key_off + key.len());
            if let Some(first) = seen.insert(key_str.clone(), key_span) {
                let d = self
                    .error(
                        key_span,
                        format!("attribute `{key_str}` appears twice on one element"),
                        "duplicate attribute",
                    )
                    .with_secondary(self.file, first, "first occurrence")
                    .with_help("keep one of them");
                return Err(Box::new(d));
            }
            let (value_span, raw_value) = match &a.value {
                std::borrow::Cow::Borrowed(v) => {
                    let off = self.offset_of(v).unwrap_or(key_off);
                    (Span::new(off, off + v.len()), String::from_utf8_lossy(v).into_owned())
                }
                std::borrow::Cow::Owned(v) => (key_span, String::from_utf8_lossy(v).into_owned()),
            };
            raw_attrs.push((key_str, key_span, raw_value, value_span));
        }
        // Namespace declarations first: they apply to the element's own name and attributes.
        let mut scope = Vec::new();
        for (key, key_span, raw, vspan) in &raw_attrs {
            if key == "xmlns" || key.starts_with("xmlns:") {
                let value = self.unescape_attr(raw, *vspan)?;
                let prefix = key.strip_prefix("xmlns:").unwrap_or("").to_string();
                if !prefix.is_empty() && value.is_empty() {
                    return Err(self
                        .error(*key_span, format!("prefix `{prefix}` is bound to an empty namespace"), "here")
                        .into());
                }
                scope.push((prefix, value));
            }
        }
        self.scopes.push(scope);
        let (prefix, local) = split_qname(&qname);
        let namespace = match prefix {
            Some(p) => Some(self.resolve_prefix(p, name_span)?),
            None => self.lookup("").filter(|s| !s.is_empty()).map(str::to_string),
        };
        let mut attributes = Vec::new();
        for (key, key_span, raw, vspan) in raw_attrs {
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            if !is_xml_name(&key) {
                return Err(self
                    .error(key_span, format!("`{key}` is not a valid attribute name"), "here")
                    .into());
            }
            let value = self.unescape_attr(&raw, vspan)?;
            let (aprefix, alocal) = split_qname(&key);
            let anamespace = match aprefix {
                Some(p) => Some(self.resolve_prefix(p, key_span)?),
                None => None,
            };
            attributes.push(Attribute {
                namespace: anamespace,
                prefix: aprefix.map(str::to_string),
                name: alocal.to_string(),
                name_span: key_span,
                value,
                value_span: vspan,
            });
        }
        Ok(Element {
            namespace,
            prefix: prefix.map(str::to_string),
            name: local.to_string(),
            name_span,
            span: tag,
            start_tag: tag,
            attributes,
            children: Vec::new(),
        })
    }

    fn lookup(&self, prefix: &str) -> Option<&str> {
        for scope in self.scopes.iter().rev() {
            if let Some((_, uri)) = scope.iter().rev().find(|(p, _)| p == prefix) {
                return Some(uri);
            }
        }
        None
    }

    fn resolve_prefix(&self, prefix: &str, span: Span) -> XResult<String> {
        if prefix == "xml" {
            return Ok(XML_NS.to_string());
        }
        match self.lookup(prefix) {
            Some(uri) => Ok(uri.to_string()),
            None => {
                let known: Vec<&str> =
                    self.scopes.iter().flatten().map(|(p, _)| p.as_str()).filter(|p| !p.is_empty()).collect();
                Err(Box::new(
                    Diagnostic::new(
                        &rules::XML_UNBOUND_PREFIX,
                        format!("namespace prefix `{prefix}` is not declared"),
                    )
                    .at(self.file, span)
                    .with_label("undeclared prefix")
                    .with_help(
                        aps_diag::did_you_mean_help(prefix, known).unwrap_or_else(|| {
                            format!("declare it with `xmlns:{prefix}=\"…\"` on this element or an ancestor")
                        }),
                    ),
                ))
            }
        }
    }

    fn attr_error(
        &self,
        err: &quick_xml::events::attributes::AttrError,
        tag_start: usize,
    ) -> Box<Diagnostic> {
        use quick_xml::events::attributes::AttrError;
        // Positions are relative to the start of the tag content (after `<`).
        let base = tag_start + 1;
        let (pos, message, label) = match err {
            AttrError::ExpectedEq(p) => {
                (*p, "attribute name is not followed by `=`".to_string(), "expected `=`")
            }
            AttrError::ExpectedValue(p) => (*p, "attribute has no value".into(), "expected a quoted value"),
            AttrError::UnquotedValue(p) => {
                (*p, "attribute value is not quoted".into(), "expected `\"` or `'`")
            }
            AttrError::ExpectedQuote(p, q) => (
                *p,
                format!("attribute value is not closed by `{}`", *q as char),
                "expected the closing quote",
            ),
            AttrError::Duplicated(p, _) => {
                (*p, "the same attribute appears twice on one element".into(), "duplicate attribute")
            }
        };
        let mut d = Diagnostic::new(&rules::XML_SYNTAX, message)
            .at(self.file, self.char_span(base + pos))
            .with_label(label);
        if let AttrError::Duplicated(_, prev) = err {
            d = d.with_secondary(self.file, self.char_span(base + prev), "first occurrence");
        }
        Box::new(d)
    }

    /// Resolve references in an attribute value and normalise whitespace
    /// characters to spaces (XML 1.0 §3.3.3), which keeps byte offsets
    /// aligned with the source for values without references.
    fn unescape_attr(&self, raw: &str, span: Span) -> XResult<String> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        let mut offset = span.start;
        while let Some(i) = rest.find(['&', '<', '\t', '\n', '\r']) {
            out.push_str(&rest[..i]);
            let c = rest.as_bytes()[i];
            if c == b'<' {
                return Err(self
                    .error(
                        self.char_span(offset + i),
                        "`<` is not allowed in an attribute value",
                        "write `&lt;`",
                    )
                    .into());
            }
            if c != b'&' {
                out.push(' ');
                offset += i + 1;
                rest = &rest[i + 1..];
                continue;
            }
            let after = &rest[i + 1..];
            let Some(semi) = after.find(';') else {
                return Err(self
                    .error(
                        self.char_span(offset + i),
                        "`&` starts a reference that is not closed by `;`",
                        "expected `name;` or `#number;` after `&`",
                    )
                    .with_help("write a literal ampersand as `&amp;`")
                    .into());
            };
            let name = &after[..semi];
            let rspan = Span::new(offset + i, offset + i + semi + 2);
            if let Some(v) = predefined_entity(name) {
                out.push_str(v);
            } else if let Some(num) = name.strip_prefix('#') {
                match char_reference(num) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(self
                            .error(
                                rspan,
                                format!("`&{name};` is not a valid character reference"),
                                "expected `&#decimal;` or `&#xhex;` naming a character allowed in XML",
                            )
                            .into())
                    }
                }
            } else if !name.is_empty() && is_xml_name(name) {
                return Err(Box::new(
                    Diagnostic::new(
                        &rules::XML_UNKNOWN_ENTITY,
                        format!("unknown entity reference `&{name};`"),
                    )
                    .at(self.file, rspan)
                    .with_label("not a predefined entity")
                    .with_help(
                        aps_diag::did_you_mean_help(name, ["lt", "gt", "amp", "apos", "quot"])
                            .unwrap_or_else(|| "write a literal ampersand as `&amp;`".into()),
                    ),
                ));
            } else {
                return Err(self
                    .error(
                        self.char_span(offset + i),
                        "`&` does not start a valid reference",
                        "expected `name;` or `#number;` after `&`",
                    )
                    .with_help("write a literal ampersand as `&amp;`")
                    .into());
            }
            offset += i + semi + 2;
            rest = &after[semi + 1..];
        }
        out.push_str(rest);
        Ok(out)
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

fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    })
}

fn char_reference(num: &str) -> Option<char> {
    let code = match num.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.len() <= 8 => u32::from_str_radix(hex, 16).ok()?,
        None if !num.is_empty() && num.len() <= 10 && num.bytes().all(|b| b.is_ascii_digit()) => {
            num.parse().ok()?
        }
        _ => return None,
    };
    let c = char::from_u32(code)?;
    if !is_xml_char(c) {
        return None;
    }
    Some(c)
}

/// The XML 1.0 `Char` production: `#x9 | #xA | #xD | [#x20-#xD7FF] |
/// [#xE000-#xFFFD] | [#x10000-#x10FFFF]` (surrogates are not `char`s).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `text` outside the XML 1.0 `Char` production,
/// with its byte offset. Scans bytes: only C0 controls and the three-byte
/// forms of U+FFFE/U+FFFF can be outside it in valid UTF-8.
fn first_non_xml_char(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x20 || b == 0xEF {
            let c = text.get(i..).and_then(|rest| rest.chars().next())?;
            if !is_xml_char(c) {
                return Some((i, c));
            }
        }
        i += 1;
    }
    None
}

fn split_qname(q: &str) -> (Option<&str>, &str) {
    match q.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, q),
    }
}

/// A permissive check of the XML `Name` production (ASCII punctuation rules,
/// any non-ASCII letter accepted).
fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    let start_ok = |c: char| c.is_alphabetic() || c == '_' || c == ':' || !c.is_ascii();
    start_ok(first)
        && chars.all(|c| start_ok(c) || c.is_ascii_digit() || c == '-' || c == '.')
        && s.matches(':').count() <= 1
        && !s.starts_with(':')
        && !s.ends_with(':')
}
