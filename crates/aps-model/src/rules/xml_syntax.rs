use aps_diag::rule;

rule! { XML_SYNTAX;
    //! Reports XML that is not well-formed: an unclosed tag, a closing tag that does not match, an
    //! unquoted attribute value, a stray `<` or `&`, a truncated file. The message says what was
    //! expected and where; a secondary label points at the element that was open.
    //!
    //! ## Why
    //! The APS controller rejects a package whose APP-META.xml does not parse, usually with a message
    //! that does not say where the problem is.
    //!
    //! ## Example
    //! ```xml
    //! <application xmlns="http://aps-standard.org/ns/2">
    //!   <name>Demo</nam>
    //! </application>
    //! ```
    //!
    //! ## Fix
    //! Correct the markup at the reported position. Write a literal `<` as `&lt;` and `&` as `&amp;`.

    impl XmlSyntax<'_> {
        message: |v| match v {
            Self::UnknownBangMarkup => "unknown markup after `<!`".into(),
            Self::UnclosedDeclaration => "processing instruction or XML declaration not closed".into(),
            Self::UnclosedComment => "comment not closed".into(),
            Self::UnclosedDoctype => "DOCTYPE not closed".into(),
            Self::UnclosedCData => "CDATA section not closed".into(),
            Self::UnclosedTag => "tag not closed".into(),
            Self::UnclosedReference => "`&` starts a reference that is not closed by `;`".into(),
            Self::MissingDeclVersion => "the XML declaration has no `version`".into(),
            Self::MissingDoctypeName => {
                "the DOCTYPE has no name; aps-pack refuses DOCTYPE declarations anyway".into()
            }
            Self::Malformed { detail } => format!("malformed XML: {detail}"),
            Self::AttributeWithoutEq => "attribute name is not followed by `=`".into(),
            Self::AttributeWithoutValue => "attribute has no value".into(),
            Self::UnquotedAttribute => "attribute value is not quoted".into(),
            Self::UnclosedAttribute { quote } => format!("attribute value is not closed by `{quote}`"),
            Self::AttributeTwice => "the same attribute appears twice on one element".into(),
            Self::DuplicateAttribute { name } => format!("attribute `{name}` appears twice on one element"),
            Self::BadCharReference { name } => format!("`&{name};` is not a valid character reference"),
            Self::LtInAttribute => "`<` is not allowed in an attribute value".into(),
            Self::BadReference => "`&` does not start a valid reference".into(),
            Self::NoElementName => "`<` is not followed by an element name".into(),
            Self::BadElementName { name } => format!("`{name}` is not a valid element name"),
            Self::BadAttributeName { name } => format!("`{name}` is not a valid attribute name"),
            Self::EmptyPrefixBinding { prefix } => {
                format!("prefix `{prefix}` is bound to an empty namespace")
            }
            Self::BadCharacter { c } => format!("character U+{:04X} is not allowed in XML", *c as u32),
            Self::SecondRoot => "a second root element after the end of the document element".into(),
            Self::UnmatchedClosingTag { found } => {
                format!("closing tag `</{found}>` has no matching opening tag")
            }
            Self::MismatchedClosingTag { expected, found } => {
                format!("expected `</{expected}>`, found `</{found}>`")
            }
            Self::TextOutside { after_root: true } => "text after the end of the document element".into(),
            Self::TextOutside { after_root: false } => "text before the document element".into(),
            Self::CDataOutside => "CDATA section outside the document element".into(),
            Self::ReferenceOutside => "entity reference outside the document element".into(),
            Self::UnexpectedEof { expected } => format!("unexpected end of file: expected `</{expected}>`"),
            Self::NoElement => "the file holds no XML element".into(),
        },
        help?: |v| {
            let help = match v {
                Self::UnknownBangMarkup
                | Self::UnclosedDeclaration
                | Self::UnclosedComment
                | Self::UnclosedDoctype
                | Self::UnclosedCData
                | Self::UnclosedTag => TRUNCATED,
                Self::UnclosedReference | Self::BadReference => LITERAL_AMPERSAND,
                Self::MissingDoctypeName => "remove the `<!DOCTYPE …>` declaration",
                Self::DuplicateAttribute { .. } => "keep one of them",
                Self::NoElementName | Self::BadElementName { .. } => "write a literal `<` in text as `&lt;`",
                Self::BadCharacter { .. } => {
                    "remove it: XML 1.0 allows tab, line feed, carriage return and U+0020-U+D7FF, \
                     U+E000-U+FFFD, U+10000-U+10FFFF, not even as a character reference"
                }
                Self::SecondRoot => "an XML document has exactly one root element",
                Self::UnmatchedClosingTag { .. } => "remove it, or add the missing opening tag",
                Self::MismatchedClosingTag { expected, found } => {
                    return Some(match aps_diag::did_you_mean_help(found, [*expected]) {
                        Some(_) => format!("close `<{expected}>` with `</{expected}>`"),
                        None => {
                            format!("close `<{expected}>` before `</{found}>`, or remove the stray closing tag")
                        }
                    })
                }
                Self::TextOutside { .. } => {
                    "an XML document holds one root element and nothing else but comments"
                }
                Self::UnexpectedEof { .. } => "the file looks truncated; restore its end",
                _ => return None,
            };
            Some(help.into())
        },
    }
}

/// What is malformed. Found by the XML parser in its single pass; the wording is here.
pub(crate) enum XmlSyntax<'a> {
    UnknownBangMarkup,
    UnclosedDeclaration,
    UnclosedComment,
    UnclosedDoctype,
    UnclosedCData,
    UnclosedTag,
    UnclosedReference,
    MissingDeclVersion,
    MissingDoctypeName,
    /// Any other error of the XML reader.
    Malformed {
        detail: String,
    },
    AttributeWithoutEq,
    AttributeWithoutValue,
    UnquotedAttribute,
    UnclosedAttribute {
        quote: char,
    },
    AttributeTwice,
    DuplicateAttribute {
        name: &'a str,
    },
    BadCharReference {
        name: &'a str,
    },
    LtInAttribute,
    BadReference,
    NoElementName,
    BadElementName {
        name: &'a str,
    },
    BadAttributeName {
        name: &'a str,
    },
    EmptyPrefixBinding {
        prefix: &'a str,
    },
    BadCharacter {
        c: char,
    },
    SecondRoot,
    UnmatchedClosingTag {
        found: &'a str,
    },
    MismatchedClosingTag {
        expected: &'a str,
        found: &'a str,
    },
    /// Text outside the document element, after it or before it.
    TextOutside {
        after_root: bool,
    },
    CDataOutside,
    ReferenceOutside,
    UnexpectedEof {
        expected: &'a str,
    },
    NoElement,
}

const TRUNCATED: &str = "the file looks truncated or a `<` is not escaped (write `&lt;`)";
const LITERAL_AMPERSAND: &str = "write a literal ampersand as `&amp;`";
