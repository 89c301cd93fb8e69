//! quick-xml's errors as diagnostics: what was expected, where, and how to fix it.

use super::{Open, XmlParser};
use crate::rules;
use aps_diag::Diagnostic;

impl XmlParser<'_> {
    pub(super) fn reader_error(&self, e: &quick_xml::Error, pos: usize, stack: &[Open]) -> Box<Diagnostic> {
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

    pub(super) fn attr_error(
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
}
