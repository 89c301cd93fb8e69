//! quick-xml's errors as diagnostics: what was expected, where, and how to fix it.

use super::{Open, XmlParser};
use crate::rules::xml_syntax::XmlSyntax;
use aps_diag::{Diagnostic, Violation};

impl XmlParser<'_> {
    pub(super) fn reader_error(&self, e: &quick_xml::Error, pos: usize, stack: &[Open]) -> Box<Diagnostic> {
        use quick_xml::errors::{IllFormedError, SyntaxError};
        let pos = pos.min(self.text.len());
        let span = self.char_span(pos);
        let (violation, label) = match e {
            quick_xml::Error::Syntax(s) => match s {
                SyntaxError::InvalidBangMarkup => {
                    (XmlSyntax::UnknownBangMarkup, "expected `<!--`, `<![CDATA[` or `<!DOCTYPE`")
                }
                SyntaxError::UnclosedPIOrXmlDecl => {
                    (XmlSyntax::UnclosedDeclaration, "expected `?>` before the end of the file")
                }
                SyntaxError::UnclosedComment => {
                    (XmlSyntax::UnclosedComment, "expected `-->` before the end of the file")
                }
                SyntaxError::UnclosedDoctype => {
                    (XmlSyntax::UnclosedDoctype, "expected `>` before the end of the file")
                }
                SyntaxError::UnclosedCData => {
                    (XmlSyntax::UnclosedCData, "expected `]]>` before the end of the file")
                }
                SyntaxError::UnclosedTag => {
                    (XmlSyntax::UnclosedTag, "expected `>` before the end of the file")
                }
            },
            quick_xml::Error::IllFormed(IllFormedError::UnclosedReference) => {
                (XmlSyntax::UnclosedReference, "expected `name;` or `#number;` after `&`")
            }
            quick_xml::Error::IllFormed(IllFormedError::MissingDeclVersion(_)) => {
                (XmlSyntax::MissingDeclVersion, "expected `<?xml version=\"1.0\"`")
            }
            quick_xml::Error::IllFormed(IllFormedError::MissingDoctypeName) => {
                (XmlSyntax::MissingDoctypeName, "DOCTYPE here")
            }
            other => (XmlSyntax::Malformed { detail: other.to_string() }, "here"),
        };
        let mut d = violation.diagnostic().at(self.file, span).with_label(label);
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
        let (pos, violation, label) = match err {
            AttrError::ExpectedEq(p) => (*p, XmlSyntax::AttributeWithoutEq, "expected `=`"),
            AttrError::ExpectedValue(p) => (*p, XmlSyntax::AttributeWithoutValue, "expected a quoted value"),
            AttrError::UnquotedValue(p) => (*p, XmlSyntax::UnquotedAttribute, "expected `\"` or `'`"),
            AttrError::ExpectedQuote(p, q) => {
                (*p, XmlSyntax::UnclosedAttribute { quote: *q as char }, "expected the closing quote")
            }
            AttrError::Duplicated(p, _) => (*p, XmlSyntax::AttributeTwice, "duplicate attribute"),
        };
        let mut d = violation.diagnostic().at(self.file, self.char_span(base + pos)).with_label(label);
        if let AttrError::Duplicated(_, prev) = err {
            d = d.with_secondary(self.file, self.char_span(base + prev), "first occurrence");
        }
        Box::new(d)
    }
}
