//! Numbers the wizard data cannot carry faithfully.
//!
//! The parser keeps every number as written, but everything downstream (the
//! typed view, the graph, `--bind` output) works with `i64`/`f64`. An id that
//! does not fit an `i64` would vanish from the graph and come out of
//! `--bind` rounded or as `null`, so such numbers are found here and
//! reported instead.

use crate::rules::schema_mismatch::SchemaMismatch;
use crate::wizard::{display_pointer, escape_token};
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use aps_json::{Kind, Number, Value};
use std::sync::Arc;

/// Where a number sits, which decides what it must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    /// A resource type or template id, or a template entry's `rtID`: an `i64`.
    Id,
    /// A template entry's `limit` (WIZ132 reports it in lint).
    Limit,
    /// Anything else: must survive conversion to `i64`, `u64` or a finite `f64`.
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct BadNumber {
    pub pointer: String,
    pub span: Span,
    pub raw: String,
    pub position: Position,
}

/// One step of the path to a value.
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

fn position(path: &[Step<'_>]) -> Position {
    use Step::Key;
    match path {
        [Key("defaults"), Key("resourceTypes"), _, Key("id")]
        | [Key("defaults"), Key("serviceTemplate"), Key("id")]
        | [Key("defaults"), Key("serviceTemplate"), Key("resources"), _, Key("rtID")] => Position::Id,
        [Key("defaults"), Key("serviceTemplate"), Key("resources"), _, Key("limit")] => Position::Limit,
        _ => Position::Other,
    }
}

/// The RFC 6901 pointer of a path.
fn pointer(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(k) => out.push_str(&escape_token(k)),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

fn is_exact_i64(n: &Number) -> bool {
    n.is_integer() && n.as_i64().is_some()
}

/// Whether `to_serde` keeps the number (integers in `i64`/`u64`, finite floats).
fn is_representable(n: &Number) -> bool {
    if n.is_integer() {
        n.raw.parse::<i64>().is_ok() || n.raw.parse::<u64>().is_ok()
    } else {
        n.as_f64().is_some_and(f64::is_finite)
    }
}

/// Every number of the file that is not what its position needs, in document order.
///
/// The walk keeps the path as borrowed steps: a pointer is written only for a
/// number that is reported.
pub(crate) fn bad_numbers(root: &Value) -> Vec<BadNumber> {
    let mut out = Vec::new();
    let mut path: Vec<Step<'_>> = Vec::new();
    // An explicit stack of (depth, step to it, value): hostile input may nest
    // deeper than the call stack allows.
    let mut stack: Vec<(usize, Option<Step<'_>>, &Value)> = vec![(0, None, root)];
    while let Some((depth, step, v)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        if let Some(step) = step {
            path.push(step);
        }
        match &v.kind {
            Kind::Number(n) => {
                let position = position(&path);
                let bad = match position {
                    Position::Id => !is_exact_i64(n),
                    Position::Limit | Position::Other => !is_representable(n),
                };
                if bad {
                    out.push(BadNumber {
                        pointer: pointer(&path),
                        span: v.span,
                        raw: n.raw.clone(),
                        position,
                    });
                }
            }
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((depth + 1, Some(Step::Index(i)), item));
                }
            }
            Kind::Object(o) => {
                for m in o.members.iter().rev() {
                    stack.push((depth + 1, Some(Step::Key(&m.key)), &m.value));
                }
            }
            _ => {}
        }
    }
    out
}

/// `-9999…` shortened for messages.
fn shown(raw: &str) -> String {
    if raw.chars().count() > 40 {
        format!("{}…", raw.chars().take(40).collect::<String>())
    } else {
        raw.to_string()
    }
}

/// The diagnostic for a bad id or other number (limits are WIZ132's).
pub(crate) fn diagnostic(file: &Arc<SourceFile>, bad: &BadNumber) -> Option<Diagnostic> {
    let place = display_pointer(&bad.pointer);
    let raw = shown(&bad.raw);
    let d = match bad.position {
        Position::Limit => return None,
        Position::Id => SchemaMismatch::IdOutOfRange { place: &place, raw: &raw }
            .diagnostic()
            .with_label("expected an integer from -9223372036854775808 to 9223372036854775807"),
        Position::Other => SchemaMismatch::NumberOutOfRange { place: &place, raw: &raw }
            .diagnostic()
            .with_label("expected a 64-bit integer or a finite number"),
    };
    Some(d.at(file, bad.span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Value {
        let file = SourceFile::new("w.json", text.to_string());
        aps_json::parse(&file, &aps_json::Options::default()).value.unwrap()
    }

    #[test]
    fn finds_ids_that_do_not_fit_and_unreadable_numbers() {
        let v = parse(
            r#"{"defaults":{"resourceTypes":[{"id":-99999999999999999999999999},{"id":-1e400},{"id":-5e5},{"id":-500001}],
               "serviceTemplate":{"id":-600001,"resources":[{"rtID":-500001,"limit":1e999},{"rtID":1,"limit":5}]},
               "x":[1.5, 18446744073709551615, 1e999]}}"#,
        );
        let found: Vec<(String, Position)> =
            bad_numbers(&v).into_iter().map(|b| (b.pointer, b.position)).collect();
        assert_eq!(
            found,
            vec![
                ("/defaults/resourceTypes/0/id".to_string(), Position::Id),
                ("/defaults/resourceTypes/1/id".to_string(), Position::Id),
                ("/defaults/resourceTypes/2/id".to_string(), Position::Id),
                ("/defaults/serviceTemplate/resources/0/limit".to_string(), Position::Limit),
                ("/defaults/x/2".to_string(), Position::Other),
            ]
        );
    }
}
