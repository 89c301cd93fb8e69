//! Character data: entity and character references, and the XML 1.0 `Char`
//! production.

use super::{names::is_xml_name, XResult, XmlParser};
use crate::rules::xml_syntax::XmlSyntax;
use crate::rules::xml_unknown_entity::XmlUnknownEntity;
use aps_diag::{Span, Violation};
use quick_xml::escape::resolve_predefined_entity;

impl XmlParser<'_> {
    pub(super) fn resolve_reference(&mut self, name: &str, span: Span) -> XResult<String> {
        if let Some(v) = resolve_predefined_entity(name) {
            return Ok(v.to_string());
        }
        if name.starts_with('#') {
            return match char_reference(name) {
                Some(c) => Ok(c.to_string()),
                None => Err(self
                    .error(
                        span,
                        XmlSyntax::BadCharReference { name },
                        "expected `&#decimal;` or `&#xhex;` naming a character allowed in XML",
                    )
                    .into()),
            };
        }
        Err(Box::new(
            XmlUnknownEntity { name, in_attribute: false }
                .diagnostic()
                .at(self.file, span)
                .with_label("not a predefined entity"),
        ))
    }

    /// characters to spaces (XML 1.0 §3.3.3), which keeps byte offsets
    /// aligned with the source for values without references.
    pub(super) fn unescape_attr(&self, raw: &str, span: Span) -> XResult<String> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        let mut offset = span.start;
        while let Some(i) = rest.find(['&', '<', '\t', '\n', '\r']) {
            out.push_str(&rest[..i]);
            let c = rest.as_bytes()[i];
            if c == b'<' {
                return Err(self
                    .error(self.char_span(offset + i), XmlSyntax::LtInAttribute, "write `&lt;`")
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
                        XmlSyntax::UnclosedReference,
                        "expected `name;` or `#number;` after `&`",
                    )
                    .into());
            };
            let name = &after[..semi];
            let rspan = Span::new(offset + i, offset + i + semi + 2);
            if let Some(v) = resolve_predefined_entity(name) {
                out.push_str(v);
            } else if name.starts_with('#') {
                match char_reference(name) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(self
                            .error(
                                rspan,
                                XmlSyntax::BadCharReference { name },
                                "expected `&#decimal;` or `&#xhex;` naming a character allowed in XML",
                            )
                            .into())
                    }
                }
            } else if !name.is_empty() && is_xml_name(name) {
                return Err(Box::new(
                    XmlUnknownEntity { name, in_attribute: true }
                        .diagnostic()
                        .at(self.file, rspan)
                        .with_label("not a predefined entity"),
                ));
            } else {
                return Err(self
                    .error(
                        self.char_span(offset + i),
                        XmlSyntax::BadReference,
                        "expected `name;` or `#number;` after `&`",
                    )
                    .into());
            }
            offset += i + semi + 2;
            rest = &after[semi + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// A character reference such as `#65` or `#x41` (without `&` and `;`). quick-xml
/// reads the number (any count of digits, no sign: the XML grammar); the XML 1.0
/// `Char` production, which it leaves to its caller, is checked here.
fn char_reference(name: &str) -> Option<char> {
    match quick_xml::events::BytesRef::new(name).resolve_char_ref() {
        Ok(Some(c)) if is_xml_char(c) => Some(c),
        _ => None,
    }
}

/// The XML 1.0 `Char` production: `#x9 | #xA | #xD | [#x20-#xD7FF] |
/// [#xE000-#xFFFD] | [#x10000-#x10FFFF]` (surrogates are not `char`s).
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `text` outside the XML 1.0 `Char` production,
/// with its byte offset. Scans bytes: only C0 controls and the three-byte
/// forms of U+FFFE/U+FFFF can be outside it in valid UTF-8.
pub(super) fn first_non_xml_char(text: &str) -> Option<(usize, char)> {
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
