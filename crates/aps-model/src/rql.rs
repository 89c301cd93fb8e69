//! The RQL subset of `<upgrade match>` / `<patch match>`: comparisons of
//! `version` and `release` with `=eq= =ne= =lt= =le= =gt= =ge=`, joined by
//! `,` (and), plus the function forms `and(…)`, `or(…)`, `not(…)` and
//! `ge(version,1.0)`. Spaces are allowed around every token.

use crate::version::compare_versions;
use aps_diag::Span;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchField {
    Version,
    Release,
}

impl MatchField {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchField::Version => "version",
            MatchField::Release => "release",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl MatchOp {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Eq => "eq",
            MatchOp::Ne => "ne",
            MatchOp::Lt => "lt",
            MatchOp::Le => "le",
            MatchOp::Gt => "gt",
            MatchOp::Ge => "ge",
        }
    }

    fn from_name(s: &str) -> Option<MatchOp> {
        Some(match s {
            "eq" => MatchOp::Eq,
            "ne" => MatchOp::Ne,
            "lt" => MatchOp::Lt,
            "le" => MatchOp::Le,
            "gt" => MatchOp::Gt,
            "ge" => MatchOp::Ge,
            _ => return None,
        })
    }

    fn holds(self, ord: Ordering) -> bool {
        match self {
            MatchOp::Eq => ord == Ordering::Equal,
            MatchOp::Ne => ord != Ordering::Equal,
            MatchOp::Lt => ord == Ordering::Less,
            MatchOp::Le => ord != Ordering::Greater,
            MatchOp::Gt => ord == Ordering::Greater,
            MatchOp::Ge => ord != Ordering::Less,
        }
    }
}

/// A parsed match expression. Spans are absolute offsets in the source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchExpr {
    Compare { field: MatchField, op: MatchOp, value: String, span: Span },
    And(Vec<MatchExpr>, Span),
    Or(Vec<MatchExpr>, Span),
    Not(Box<MatchExpr>, Span),
}

impl MatchExpr {
    /// Does an installed package of this version and release satisfy the expression?
    pub fn matches(&self, version: &str, release: &str) -> bool {
        match self {
            MatchExpr::Compare { field, op, value, .. } => {
                let actual = match field {
                    MatchField::Version => version,
                    MatchField::Release => release,
                };
                op.holds(compare_versions(actual, value))
            }
            MatchExpr::And(items, _) => items.iter().all(|e| e.matches(version, release)),
            MatchExpr::Or(items, _) => items.iter().any(|e| e.matches(version, release)),
            MatchExpr::Not(e, _) => !e.matches(version, release),
        }
    }

    pub fn span(&self) -> Span {
        match self {
            MatchExpr::Compare { span, .. }
            | MatchExpr::And(_, span)
            | MatchExpr::Or(_, span)
            | MatchExpr::Not(_, span) => *span,
        }
    }

    /// Every comparison in the expression, in source order.
    pub fn comparisons(&self) -> Vec<(MatchField, MatchOp, &str)> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<(MatchField, MatchOp, &'a str)>) {
        match self {
            MatchExpr::Compare { field, op, value, .. } => out.push((*field, *op, value)),
            MatchExpr::And(items, _) | MatchExpr::Or(items, _) => items.iter().for_each(|e| e.collect(out)),
            MatchExpr::Not(e, _) => e.collect(out),
        }
    }
}

/// The operands of `and`/`or`, comma-separated; a nested `and` keeps its name.
fn write_items(f: &mut std::fmt::Formatter<'_>, items: &[MatchExpr]) -> std::fmt::Result {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        match e {
            MatchExpr::And(..) => write!(f, "and({e})")?,
            _ => write!(f, "{e}")?,
        }
    }
    Ok(())
}

impl std::fmt::Display for MatchExpr {
    /// Canonical form: `version=ge=1.0,release=ge=0`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatchExpr::Compare { field, op, value, .. } => {
                write!(f, "{}={}={}", field.as_str(), op.as_str(), value)
            }
            MatchExpr::And(items, _) => write_items(f, items),
            MatchExpr::Or(items, _) => {
                f.write_str("or(")?;
                write_items(f, items)?;
                f.write_str(")")
            }
            MatchExpr::Not(e, _) => match e.as_ref() {
                MatchExpr::And(..) => write!(f, "not(and({e}))"),
                _ => write!(f, "not({e})"),
            },
        }
    }
}

/// Why a match expression does not parse. `span` is absolute.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (expected {expected})")]
pub struct MatchError {
    pub message: String,
    /// What would have been accepted at `span`.
    pub expected: String,
    pub span: Span,
}

/// Parse `text`, whose first byte is at offset `base` in its file.
pub fn parse_match(text: &str, base: usize) -> Result<MatchExpr, MatchError> {
    let mut p = RqlParser { src: text, pos: 0, base, depth: 0 };
    p.skip_ws();
    if p.pos >= p.src.len() {
        return Err(p.err("the match expression is empty", "a comparison such as `version=ge=1.0`"));
    }
    let e = p.list(true)?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(p.err(
            &format!("unexpected {}", p.describe()),
            if p.src[p.pos..].starts_with(')') {
                "`,` or the end (unbalanced `)`)"
            } else {
                "`,` or the end"
            },
        ));
    }
    Ok(e)
}

struct RqlParser<'a> {
    src: &'a str,
    pos: usize,
    base: usize,
    depth: usize,
}

const MAX_NESTING: usize = 64;

impl<'a> RqlParser<'a> {
    fn err(&self, message: &str, expected: &str) -> MatchError {
        let at = self.pos.min(self.src.len());
        let mut end = (at + 1).min(self.src.len());
        while end < self.src.len() && !self.src.is_char_boundary(end) {
            end += 1;
        }
        MatchError {
            message: message.to_string(),
            expected: expected.to_string(),
            span: Span::new(self.base + at, self.base + end),
        }
    }

    fn describe(&self) -> String {
        match self.src[self.pos..].chars().next() {
            None => "end of the expression".into(),
            Some(c) => format!("`{c}`"),
        }
    }

    fn skip_ws(&mut self) {
        while self.src[self.pos..].starts_with([' ', '\t', '\n', '\r']) {
            self.pos += 1;
        }
    }

    fn ident(&mut self) -> &'a str {
        let start = self.pos;
        while self.src[self.pos..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        &self.src[start..self.pos]
    }

    /// Terms separated by `,`; a list of one is the term itself.
    fn list(&mut self, top: bool) -> Result<MatchExpr, MatchError> {
        let start = self.pos;
        let mut items = vec![self.term()?];
        loop {
            self.skip_ws();
            if self.src[self.pos..].starts_with(',') {
                self.pos += 1;
                self.skip_ws();
                items.push(self.term()?);
            } else {
                break;
            }
        }
        let _ = top;
        let span = Span::new(self.base + start, self.base + self.pos);
        Ok(if items.len() == 1 { items.remove(0) } else { MatchExpr::And(items, span) })
    }

    fn term(&mut self) -> Result<MatchExpr, MatchError> {
        self.skip_ws();
        let start = self.pos;
        let name = self.ident();
        if name.is_empty() {
            return Err(self.err(
                &format!("unexpected {}", self.describe()),
                "`version`, `release`, or a function such as `and(`",
            ));
        }
        self.skip_ws();
        if self.src[self.pos..].starts_with('(') {
            self.pos += 1;
            return self.call(name, start);
        }
        let field = self.field(name, start)?;
        if !self.src[self.pos..].starts_with('=') {
            let hint = if self.src[self.pos..].starts_with(['<', '>', '!']) {
                "an operator written `=ge=`, `=lt=`… (RQL has no `>=` or `<`)"
            } else {
                "an operator such as `=ge=`"
            };
            return Err(self.err(&format!("unexpected {} after `{name}`", self.describe()), hint));
        }
        self.pos += 1;
        let op_start = self.pos;
        let op_name = self.ident();
        if !self.src[self.pos..].starts_with('=') && !op_name.is_empty() {
            // RQL's shorthand `field=value` means `field=eq=value`; published packages
            // (`version=1.0,release=ge=0`) use it and controllers accept it.
            self.pos = op_start;
            let value = self.value()?;
            let span = Span::new(self.base + start, self.base + self.pos);
            return Ok(MatchExpr::Compare { field, op: MatchOp::Eq, value, span });
        }
        let op = MatchOp::from_name(op_name);
        let Some(op) = op.filter(|_| self.src[self.pos..].starts_with('=')) else {
            self.pos = op_start;
            return Err(self.err(
                &format!("`={op_name}` is not a comparison operator"),
                "one of `=eq= =ne= =lt= =le= =gt= =ge=`",
            ));
        };
        self.pos += 1;
        self.skip_ws();
        let value = self.value()?;
        Ok(MatchExpr::Compare { field, op, value, span: Span::new(self.base + start, self.base + self.pos) })
    }

    fn field(&mut self, name: &str, start: usize) -> Result<MatchField, MatchError> {
        match name {
            "version" => Ok(MatchField::Version),
            "release" => Ok(MatchField::Release),
            other => {
                self.pos = start;
                let hint = aps_diag::did_you_mean(other, ["version", "release"])
                    .map(|s| format!("`version` or `release` (did you mean `{s}`?)"))
                    .unwrap_or_else(|| "`version` or `release`".to_string());
                Err(self.err(&format!("`{other}` cannot be matched"), &hint))
            }
        }
    }

    fn value(&mut self) -> Result<String, MatchError> {
        let start = self.pos;
        while self.src[self.pos..]
            .starts_with(|c: char| !matches!(c, ',' | ')' | '(' | ' ' | '\t' | '\n' | '\r'))
        {
            self.pos += self.src[self.pos..].chars().next().map_or(1, char::len_utf8);
        }
        let v = &self.src[start..self.pos];
        if v.is_empty() {
            return Err(self.err("the comparison has no value", "a version such as `1.0`"));
        }
        Ok(v.to_string())
    }

    fn call(&mut self, name: &str, start: usize) -> Result<MatchExpr, MatchError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.err("the expression is nested too deeply", "fewer nested calls"));
        }
        let result = match name {
            "and" | "or" => {
                self.skip_ws();
                let mut items = vec![self.list(false)?];
                // `list` already folded `,`-separated terms into an And.
                if let [MatchExpr::And(inner, _)] = items.as_mut_slice() {
                    items = std::mem::take(inner);
                }
                self.close()?;
                let span = Span::new(self.base + start, self.base + self.pos);
                if name == "and" {
                    MatchExpr::And(items, span)
                } else {
                    MatchExpr::Or(items, span)
                }
            }
            "not" => {
                let inner = self.list(false)?;
                self.close()?;
                MatchExpr::Not(Box::new(inner), Span::new(self.base + start, self.base + self.pos))
            }
            op_name => {
                let Some(op) = MatchOp::from_name(op_name) else {
                    self.pos = start;
                    return Err(self.err(
                        &format!("`{op_name}(…)` is not supported in a match"),
                        "`and(`, `or(`, `not(`, `eq(`, `ne(`, `lt(`, `le(`, `gt(`, `ge(`",
                    ));
                };
                self.skip_ws();
                let fstart = self.pos;
                let fname = self.ident();
                let field = self.field(fname, fstart)?;
                self.skip_ws();
                if !self.src[self.pos..].starts_with(',') {
                    return Err(self.err(&format!("unexpected {}", self.describe()), "`,` then a value"));
                }
                self.pos += 1;
                self.skip_ws();
                let value = self.value()?;
                self.close()?;
                MatchExpr::Compare {
                    field,
                    op,
                    value,
                    span: Span::new(self.base + start, self.base + self.pos),
                }
            }
        };
        self.depth -= 1;
        Ok(result)
    }

    fn close(&mut self) -> Result<(), MatchError> {
        self.skip_ws();
        if self.src[self.pos..].starts_with(')') {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(&format!("unexpected {}", self.describe()), "`)`"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> MatchExpr {
        parse_match(s, 0).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn corpus_forms_parse_and_evaluate() {
        let e = p("version=ge=1.0, release=ge=0");
        assert_eq!(e.to_string(), "version=ge=1.0,release=ge=0");
        assert!(e.matches("1.0", "0"));
        assert!(!e.matches("0.9", "5"));
        let e = p("version =eq= 1.0, release =ge= 0");
        assert!(e.matches("1.0", "3"));
        assert!(!e.matches("1.1", "3"));
        assert!(p("version=ge=0.1").matches("26.0", "2"));
        // The shorthand equality of RQL, as in published packages.
        let e = p("version=1.0,release=ge=0");
        assert_eq!(e.to_string(), "version=eq=1.0,release=ge=0");
        assert!(e.matches("1.0", "3"));
        assert!(!e.matches("1.1", "3"));
    }

    #[test]
    fn dotted_numeric_comparison() {
        assert!(p("version=gt=1.9").matches("1.10", "0"));
        assert!(!p("version=lt=1.9").matches("1.10", "0"));
        assert!(p("version=le=2").matches("2.0", "0"));
        assert!(p("release=ne=3").matches("1", "4"));
    }

    #[test]
    fn function_forms() {
        let e = p("or(version=lt=1.0, and(ge(version,2.0), release=gt=5))");
        assert!(e.matches("0.5", "0"));
        assert!(e.matches("2.1", "6"));
        assert!(!e.matches("2.1", "5"));
        assert!(!e.matches("1.5", "9"));
        assert!(p("not(version=eq=1.0)").matches("1.1", "0"));
    }

    #[test]
    fn errors_say_what_was_expected() {
        let e = parse_match("version>=1.0", 10).unwrap_err();
        assert_eq!(e.span, Span::new(17, 18));
        assert!(e.expected.contains("=ge="));
        let e = parse_match("versoin=ge=1", 0).unwrap_err();
        assert!(e.expected.contains("did you mean `version`"), "{e:?}");
        let e = parse_match("version=gte=1", 0).unwrap_err();
        assert!(e.message.contains("=gte"), "{e:?}");
        assert!(parse_match("", 0).is_err());
        assert!(parse_match("version=ge=", 0).is_err());
        assert!(parse_match("version=ge=1,", 0).is_err());
        assert!(parse_match("and(version=ge=1", 0).is_err());
        assert!(parse_match("version=ge=1)", 0).is_err());
        assert!(parse_match(&"and(".repeat(1000), 0).is_err());
    }
}
