//! Constant PHP expressions (property initial values) as JSON, the way
//! `json_encode` would write them: lists become arrays, other arrays objects.

use crate::lexer::{Tok, Token};
use aps_diag::Span;
use serde_json::{Map, Number, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    /// A value known without running PHP (`null` included).
    Value(Value),
    /// An expression that needs PHP to evaluate (constants, calls, interpolation).
    NotConstant(Span),
}

pub fn eval_constant(tokens: &[Token]) -> Constant {
    let span = match (tokens.first(), tokens.last()) {
        (Some(a), Some(b)) => a.span.join(b.span),
        _ => Span::default(),
    };
    let mut p = Parser { toks: tokens, i: 0, depth: 0 };
    match p.expr() {
        Some(v) if p.i == tokens.len() => Constant::Value(v),
        _ => Constant::NotConstant(span),
    }
}

struct Parser<'a> {
    toks: &'a [Token],
    i: usize,
    depth: usize,
}

/// Nesting limit for arrays in initial values: hostile input must not overflow the stack.
const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn tok(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn eat(&mut self, p: &str) -> bool {
        if matches!(self.tok(), Some(Tok::Punct(q)) if *q == p) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Option<Value> {
        let mut v = self.unary()?;
        while self.eat(".") {
            let rhs = self.unary()?;
            v = Value::String(format!("{}{}", scalar_string(&v)?, scalar_string(&rhs)?));
        }
        Some(v)
    }

    fn unary(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let v = self.unary_inner();
        self.depth -= 1;
        v
    }

    fn unary_inner(&mut self) -> Option<Value> {
        if self.eat("-") {
            return match self.unary()? {
                Value::Number(n) => {
                    if let Some(i) = n.as_i64() {
                        Some(Value::Number(
                            i.checked_neg().map(Number::from).or_else(|| Number::from_f64(-(i as f64)))?,
                        ))
                    } else {
                        Number::from_f64(-n.as_f64()?).map(Value::Number)
                    }
                }
                _ => None,
            };
        }
        if self.eat("+") {
            return match self.unary()? {
                v @ Value::Number(_) => Some(v),
                _ => None,
            };
        }
        self.primary()
    }

    fn primary(&mut self) -> Option<Value> {
        let tok = self.tok()?.clone();
        match tok {
            Tok::Number(text) => {
                self.i += 1;
                number(&text)
            }
            Tok::Str(Some(s)) => {
                self.i += 1;
                Some(Value::String(s))
            }
            Tok::Name(n) => {
                let lower = n.trim_start_matches('\\').to_ascii_lowercase();
                self.i += 1;
                match lower.as_str() {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    "null" => Some(Value::Null),
                    "array" if self.eat("(") => self.array(")"),
                    _ => None,
                }
            }
            Tok::Punct("[") => {
                self.i += 1;
                self.array("]")
            }
            Tok::Punct("(") => {
                self.i += 1;
                let v = self.expr()?;
                self.eat(")").then_some(v)
            }
            _ => None,
        }
    }

    fn array(&mut self, close: &str) -> Option<Value> {
        let mut entries: Vec<(Key, Value)> = Vec::new();
        let mut next_index: i64 = 0;
        loop {
            if self.eat(close) {
                break;
            }
            let first = self.expr()?;
            let (key, value) = if self.eat("=>") {
                let key = match first {
                    Value::Number(n) => Key::Int(n.as_i64()?),
                    Value::String(s) => match s.parse::<i64>() {
                        // PHP turns canonical integer strings into integer keys.
                        Ok(i) if i.to_string() == s => Key::Int(i),
                        _ => Key::Str(s),
                    },
                    Value::Bool(b) => Key::Int(i64::from(b)),
                    Value::Null => Key::Str(String::new()),
                    _ => return None,
                };
                (key, self.expr()?)
            } else {
                (Key::Int(next_index), first)
            };
            if let Key::Int(i) = key {
                next_index = next_index.max(i.checked_add(1)?);
            }
            match entries.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => entries.push((key, value)),
            }
            if !self.eat(",") {
                if !self.eat(close) {
                    return None;
                }
                break;
            }
        }
        let is_list = entries.iter().enumerate().all(|(i, (k, _))| *k == Key::Int(i as i64));
        Some(if is_list {
            Value::Array(entries.into_iter().map(|(_, v)| v).collect())
        } else {
            let mut m = Map::new();
            for (k, v) in entries {
                let key = match k {
                    Key::Int(i) => i.to_string(),
                    Key::Str(s) => s,
                };
                m.insert(key, v);
            }
            Value::Object(m)
        })
    }
}

#[derive(PartialEq)]
enum Key {
    Int(i64),
    Str(String),
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(true) => Some("1".into()),
        Value::Bool(false) | Value::Null => Some(String::new()),
        _ => None,
    }
}

/// A PHP numeric literal: decimal, `0x`, `0b`, `0o`/leading-zero octal, floats, `_` separators.
pub fn number(text: &str) -> Option<Value> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let int = if let Some(h) = lower.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        i64::from_str_radix(b, 2).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|b| b.is_ascii_digit()) {
        i64::from_str_radix(&lower[1..], 8).ok()
    } else if lower.bytes().all(|b| b.is_ascii_digit()) {
        lower.parse::<i64>().ok()
    } else {
        None
    };
    if let Some(i) = int {
        return Some(Value::Number(i.into()));
    }
    let f: f64 = lower.parse().ok()?;
    Number::from_f64(f).map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::lex;
    use serde_json::json;

    fn eval(src: &str) -> Constant {
        let text = format!("<?php {src}");
        let toks = lex(&text).tokens;
        eval_constant(&toks)
    }

    #[test]
    fn scalars_and_arrays() {
        assert_eq!(eval("0"), Constant::Value(json!(0)));
        assert_eq!(eval("-5"), Constant::Value(json!(-5)));
        assert_eq!(eval("0x1F"), Constant::Value(json!(31)));
        assert_eq!(eval("1_000"), Constant::Value(json!(1000)));
        assert_eq!(eval("017"), Constant::Value(json!(15)));
        assert_eq!(eval("1.5"), Constant::Value(json!(1.5)));
        assert_eq!(eval("\"a\\tb\""), Constant::Value(json!("a\tb")));
        assert_eq!(eval("'a' . 'b' . 1"), Constant::Value(json!("ab1")));
        assert_eq!(eval("TRUE"), Constant::Value(json!(true)));
        assert_eq!(eval("null"), Constant::Value(json!(null)));
        assert_eq!(eval("array()"), Constant::Value(json!([])));
        assert_eq!(eval("[1, 'x', [true],]"), Constant::Value(json!([1, "x", [true]])));
        assert_eq!(eval("['a' => 1, 'b' => [2]]"), Constant::Value(json!({"a": 1, "b": [2]})));
        assert_eq!(eval("array(1 => 'a')"), Constant::Value(json!({"1": "a"})));
        assert_eq!(eval("[0 => 'a', '1' => 'b']"), Constant::Value(json!(["a", "b"])));
    }

    #[test]
    fn non_constants() {
        for src in ["self::X", "FOO", "\"$a\"", "foo()", "[...$a]", "1 + 2", "[1"] {
            assert!(matches!(eval(src), Constant::NotConstant(_)), "{src}");
        }
    }
}
