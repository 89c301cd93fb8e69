//! Inline suppressions: `aps-pack:` comments in XML (`<!-- … -->`) and in type schemas
//! (`// …`, `/* … */`). The comments come from the parsers themselves (the XML reader's and
//! the JSON parser's comment spans), so a `<!--` inside an attribute value or a `//` inside
//! a JSON string is never taken for one.
//!
//! Forms and scopes:
//! - `aps-pack: ignore CODE[, CODE…]` on a line of its own: the next element (XML, the
//!   whole element with its children) or the next member or array item (JSON, key and value);
//! - the same after other content on its line: that line;
//! - `aps-pack: ignore-file CODE[, CODE…]` anywhere: the whole file.
//!
//! Codes may be codes, names, prefixes, groups or `ALL`; a `;` starts a free-text reason.

use aps_diag::{RuleSet, Selector, SourceFile, Span, Violation};
use std::sync::Arc;

/// How a file carries comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Xml,
    /// JSON with `//` and `/* */` comments (type schemas).
    JsonComments,
}

impl Syntax {
    /// Decided by the file name: XML files, and type schemas (`.schema`, `.schema.gen`).
    pub fn of_path(path: &str) -> Option<Syntax> {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        if name.ends_with(".xml") {
            Some(Syntax::Xml)
        } else if name.ends_with(".schema") || name.ends_with(".schema.gen") {
            Some(Syntax::JsonComments)
        } else {
            None
        }
    }
}

/// One rule named in a comment.
#[derive(Debug)]
pub struct Code {
    pub text: String,
    pub selector: Selector,
    /// Did a finding in scope match it?
    pub used: bool,
}

/// A readable suppression comment.
#[derive(Debug)]
pub struct Directive {
    /// The whole comment.
    pub comment: Span,
    pub file_level: bool,
    /// What it covers: findings starting inside (the whole file for `ignore-file`).
    pub scope: Span,
    pub codes: Vec<Code>,
}

impl Directive {
    /// Does it suppress a finding of `rule` starting at `at` (`None`: about the whole file)?
    /// Marks the codes that do as used.
    pub fn suppresses(&mut self, rule: &aps_diag::Rule, at: Option<usize>) -> bool {
        let inside = match at {
            Some(at) => self.file_level || (self.scope.start <= at && at < self.scope.end),
            None => self.file_level,
        };
        if !inside {
            return false;
        }
        let mut hit = false;
        for code in self.codes.iter_mut().filter(|c| c.selector.matches(rule)) {
            code.used = true;
            hit = true;
        }
        hit
    }
}

/// The suppression comments of one file, and the findings about unreadable ones.
#[derive(Debug, Default)]
pub struct FileDirectives {
    pub file: Option<Arc<SourceFile>>,
    pub directives: Vec<Directive>,
    pub invalid: Vec<aps_diag::Diagnostic>,
}

/// Read `file`'s comments with its parser and keep the `aps-pack:` ones. A file that does
/// not parse gives what was read before the fault (JSON) or nothing (XML).
pub fn read(file: &Arc<SourceFile>, syntax: Syntax, rules: &RuleSet) -> FileDirectives {
    let mut out = FileDirectives { file: Some(file.clone()), ..FileDirectives::default() };
    let text = file.text();
    match syntax {
        Syntax::Xml => {
            let (doc, _) = aps_model::xml::parse_xml(file);
            let Some(doc) = doc else { return out };
            for &span in &doc.comments {
                let body_start = span.start + 4;
                let body_end = span.end.saturating_sub(3).max(body_start);
                let next = || next_element(&doc.root, span.end);
                if let Some(d) = directive(file, span, Span::new(body_start, body_end), next, rules, &mut out)
                {
                    out.directives.push(d);
                }
            }
        }
        Syntax::JsonComments => {
            let parsed = aps_json::parse(file, &aps_json::Options::with_comments());
            for &span in &parsed.comments {
                let block = text.get(span.start..span.end).is_some_and(|c| c.starts_with("/*"));
                let body_end = if block { span.end.saturating_sub(2) } else { span.end };
                let body = Span::new(span.start + 2, body_end.max(span.start + 2));
                let next = || {
                    let root = parsed.value.as_ref()?;
                    if root.span.start >= span.end {
                        return Some(root.span);
                    }
                    next_member(root, span.end)
                };
                if let Some(d) = directive(file, span, body, next, rules, &mut out) {
                    out.directives.push(d);
                }
            }
        }
    }
    out
}

/// Read one comment (its text between the delimiters is `body`).
fn directive(
    file: &Arc<SourceFile>,
    comment: Span,
    body: Span,
    next: impl Fn() -> Option<Span>,
    rules: &RuleSet,
    out: &mut FileDirectives,
) -> Option<Directive> {
    let text = file.text();
    let raw = text.get(body.start..body.end)?;
    let lead = raw.len() - raw.trim_start().len();
    let rest = raw.trim_start().strip_prefix("aps-pack:")?;
    let mut at = body.start + lead + "aps-pack:".len();
    // Up to a `;` reason.
    let rest = rest.split(';').next().unwrap_or("");
    let words = tokens(rest, at);
    let Some(&(word, word_at)) = words.first() else {
        out.invalid.push(
            crate::rules::InvalidSuppression::UnknownDirective { word: "" }
                .diagnostic()
                .at(file, comment)
                .with_label("a directive was expected after `aps-pack:`"),
        );
        return None;
    };
    at = word_at;
    let file_level = match word {
        "ignore" => false,
        "ignore-file" => true,
        _ => {
            out.invalid.push(
                crate::rules::InvalidSuppression::UnknownDirective { word }
                    .diagnostic()
                    .at(file, Span::new(at, at + word.len()))
                    .with_label("not a directive"),
            );
            return None;
        }
    };
    let mut codes = Vec::new();
    for &(token, token_at) in &words[1..] {
        match Selector::parse(rules, token) {
            Ok(selector) => codes.push(Code { text: token.to_string(), selector, used: false }),
            Err(failure) => out.invalid.push(
                crate::rules::InvalidSuppression::UnknownRule { failure: &failure }
                    .diagnostic()
                    .at(file, Span::new(token_at, token_at + token.len()))
                    .with_label("no rule, prefix or group is called this"),
            ),
        }
    }
    if words.len() == 1 {
        out.invalid.push(
            crate::rules::InvalidSuppression::NoRules { directive: word }
                .diagnostic()
                .at(file, Span::new(at, at + word.len()))
                .with_label("codes were expected after this"),
        );
        return None;
    }
    if codes.is_empty() {
        return None;
    }
    let scope = if file_level {
        Span::new(0, text.len())
    } else if trailing(text, comment.start) {
        line_of(file, comment.start)
    } else {
        next().unwrap_or(Span::empty(comment.end))
    };
    Some(Directive { comment, file_level, scope, codes })
}

/// Words separated by whitespace or commas, with their offsets (`base` is `rest`'s offset).
fn tokens(rest: &str, base: usize) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in rest.char_indices().chain(std::iter::once((rest.len(), ' '))) {
        let separator = c.is_whitespace() || c == ',';
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((&rest[s..i], base + s));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Is there something other than whitespace before `at` on its line?
fn trailing(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    !text[line_start..at].trim().is_empty()
}

/// The line holding `at`, without its line end.
fn line_of(file: &SourceFile, at: usize) -> Span {
    let index = file.line_index(at);
    let start = file.line_start(index);
    let end = file.line_start(index + 1);
    Span::new(start, end)
}

/// The first element starting at or after `after`, whole.
fn next_element(root: &aps_model::xml::Element, after: usize) -> Option<Span> {
    if root.span.start >= after {
        return Some(root.span);
    }
    if root.span.end <= after {
        return None;
    }
    root.children.iter().find_map(|node| match node {
        aps_model::xml::Node::Element(e) => next_element(e, after),
        aps_model::xml::Node::Text(_) => None,
    })
}

/// The first member (key and value) or array item starting at or after `after`.
fn next_member(value: &aps_json::Value, after: usize) -> Option<Span> {
    if value.span.end <= after {
        return None;
    }
    match &value.kind {
        aps_json::Kind::Object(object) => object.iter().find_map(|m| {
            if m.key_span.start >= after {
                Some(Span::new(m.key_span.start, m.value.span.end))
            } else {
                next_member(&m.value, after)
            }
        }),
        aps_json::Kind::Array(items) => items.iter().find_map(|item| {
            if item.span.start >= after {
                Some(item.span)
            } else {
                next_member(item, after)
            }
        }),
        _ => None,
    }
}
