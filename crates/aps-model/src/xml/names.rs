//! Element and attribute names, and namespace scopes.

use super::{Attribute, Element, XResult, XmlParser, XML_NS};
use crate::rules::xml_syntax::XmlSyntax;
use crate::rules::xml_unbound_prefix::XmlUnboundPrefix;
use aps_diag::{Span, Violation};

impl XmlParser<'_> {
    /// Build the element for a start tag: bind its namespace declarations,
    /// resolve its name and attributes.
    pub(super) fn start_element(
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
                        XmlSyntax::NoElementName
                    } else {
                        XmlSyntax::BadElementName { name: &qname }
                    },
                    "expected an element name",
                )
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
                    .error(key_span, XmlSyntax::DuplicateAttribute { name: &key_str }, "duplicate attribute")
                    .with_secondary(self.file, first, "first occurrence");
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
                        .error(*key_span, XmlSyntax::EmptyPrefixBinding { prefix: &prefix }, "here")
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
                return Err(self.error(key_span, XmlSyntax::BadAttributeName { name: &key }, "here").into());
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

    pub(super) fn resolve_prefix(&self, prefix: &str, span: Span) -> XResult<String> {
        if prefix == "xml" {
            return Ok(XML_NS.to_string());
        }
        match self.lookup(prefix) {
            Some(uri) => Ok(uri.to_string()),
            None => {
                let known: Vec<&str> =
                    self.scopes.iter().flatten().map(|(p, _)| p.as_str()).filter(|p| !p.is_empty()).collect();
                Err(Box::new(
                    XmlUnboundPrefix { prefix, known: &known }
                        .diagnostic()
                        .at(self.file, span)
                        .with_label("undeclared prefix"),
                ))
            }
        }
    }
}

pub(super) fn split_qname(q: &str) -> (Option<&str>, &str) {
    match q.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, q),
    }
}

/// A permissive check of the XML `Name` production (ASCII punctuation rules,
/// any non-ASCII letter accepted).
pub(super) fn is_xml_name(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    let start_ok = |c: char| c.is_alphabetic() || c == '_' || c == ':' || !c.is_ascii();
    start_ok(first)
        && chars.all(|c| start_ok(c) || c.is_ascii_digit() || c == '-' || c == '.')
        && s.matches(':').count() <= 1
        && !s.starts_with(':')
        && !s.ends_with(':')
}
