//! A structural diff of two JSON documents that keeps the source location
//! of every difference on both sides.
//!
//! APS type schemas are compared through their JSON rather than through the
//! typed model so that nothing is missed: keys the model does not keep
//! (`maxLength`, `minimum`, vendor extensions) are part of a type's
//! definition too.

use aps_diag::Span;
use aps_json::{Kind, Object, Value};

/// How the documents are read.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a> {
    /// Objects keyed by name (`properties`, `relations`, …): an absent one is
    /// an empty one, so adding the first property reports the property.
    pub maps: &'a [&'a str],
    /// Arrays with set semantics (`implements`): entries are compared as a set.
    pub sets: &'a [&'a str],
    /// Boolean members whose absence means `false` (`required`, `readonly`, …).
    pub false_by_default: &'a [&'a str],
}

/// A location in one document: the member itself when it exists there,
/// else the nearest enclosing member that does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub span: Span,
    pub exact: bool,
}

/// One difference.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// Object keys from the root; a set entry is named by its value.
    pub path: Vec<String>,
    pub old: Option<serde_json::Value>,
    pub new: Option<serde_json::Value>,
    pub old_at: At,
    pub new_at: At,
}

impl Leaf {
    pub fn is_added(&self) -> bool {
        self.old.is_none() && self.new.is_some()
    }
    pub fn is_removed(&self) -> bool {
        self.old.is_some() && self.new.is_none()
    }
    /// RFC 6901 pointer of the path.
    pub fn pointer(&self) -> String {
        pointer(&self.path)
    }
}

/// RFC 6901 pointer of a key path.
pub fn pointer(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        out.push_str(&seg.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// Every difference between `old` and `new`, in `new`'s document order
/// (removed members after the surviving ones, in `old`'s order).
pub fn diff(old: &Value, new: &Value, shape: Shape<'_>) -> Vec<Leaf> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk(
        &mut path,
        Some(old),
        Some(new),
        At { span: old.span, exact: true },
        At { span: new.span, exact: true },
        shape,
        &mut out,
    );
    out
}

fn effective<'v>(key: Option<&str>, v: Option<&'v Value>, shape: Shape<'_>) -> Option<&'v Value> {
    let v = v?;
    match &v.kind {
        Kind::Null => None,
        Kind::Bool(false) if key.is_some_and(|k| shape.false_by_default.contains(&k)) => None,
        _ => Some(v),
    }
}

fn first_member<'o>(o: &'o Object, key: &str) -> Option<&'o aps_json::Member> {
    o.get_member(key)
}

fn walk(
    path: &mut Vec<String>,
    old: Option<&Value>,
    new: Option<&Value>,
    old_at: At,
    new_at: At,
    shape: Shape<'_>,
    out: &mut Vec<Leaf>,
) {
    let key = path.last().map(String::as_str);
    let old = effective(key, old, shape);
    let new = effective(key, new, shape);
    let is_map = key.is_some_and(|k| shape.maps.contains(&k)) && !parent_is_map(path, shape);
    let empty = Value { kind: Kind::Object(Object::default()), span: Span::new(0, 0) };
    let (old, new) = match (old, new) {
        (None, None) => return,
        // A missing map is an empty map: report its entries one by one.
        (None, Some(n)) if is_map && n.as_object().is_some() => (Some(&empty), Some(n)),
        (Some(o), None) if is_map && o.as_object().is_some() => (Some(o), Some(&empty)),
        other => other,
    };
    match (old, new) {
        (Some(o), Some(n)) => match (&o.kind, &n.kind) {
            (Kind::Object(oo), Kind::Object(no)) => {
                let mut seen: Vec<&str> = Vec::new();
                for m in no.iter() {
                    if seen.contains(&m.key.as_str()) {
                        continue; // Duplicate keys are reported by the parser; the first counts.
                    }
                    seen.push(&m.key);
                    let om = first_member(oo, &m.key);
                    path.push(m.key.clone());
                    walk(
                        path,
                        om.map(|x| &x.value),
                        Some(&m.value),
                        om.map_or(At { span: old_at.span, exact: false }, |x| At {
                            span: x.key_span,
                            exact: old_at.exact,
                        }),
                        At { span: m.key_span, exact: new_at.exact },
                        shape,
                        out,
                    );
                    path.pop();
                }
                for m in oo.iter() {
                    if seen.contains(&m.key.as_str()) {
                        continue;
                    }
                    seen.push(&m.key);
                    path.push(m.key.clone());
                    walk(
                        path,
                        Some(&m.value),
                        None,
                        At { span: m.key_span, exact: old_at.exact },
                        At { span: new_at.span, exact: false },
                        shape,
                        out,
                    );
                    path.pop();
                }
            }
            (Kind::Array(oa), Kind::Array(na)) if key.is_some_and(|k| shape.sets.contains(&k)) => {
                let canon = |v: &Value| serde_json::to_string(&v.to_serde()).unwrap_or_default();
                let old_items: Vec<(String, &Value)> = oa.iter().map(|v| (canon(v), v)).collect();
                let new_items: Vec<(String, &Value)> = na.iter().map(|v| (canon(v), v)).collect();
                for (c, v) in &new_items {
                    if !old_items.iter().any(|(oc, _)| oc == c) {
                        path.push(v.as_str().map_or_else(|| c.clone(), str::to_string));
                        out.push(Leaf {
                            path: path.clone(),
                            old: None,
                            new: Some(v.to_serde()),
                            old_at: At { span: o.span, exact: false },
                            new_at: At { span: v.span, exact: new_at.exact },
                        });
                        path.pop();
                    }
                }
                for (c, v) in &old_items {
                    if !new_items.iter().any(|(nc, _)| nc == c) {
                        path.push(v.as_str().map_or_else(|| c.clone(), str::to_string));
                        out.push(Leaf {
                            path: path.clone(),
                            old: Some(v.to_serde()),
                            new: None,
                            old_at: At { span: v.span, exact: old_at.exact },
                            new_at: At { span: n.span, exact: false },
                        });
                        path.pop();
                    }
                }
            }
            _ => {
                let (os, ns) = (o.to_serde(), n.to_serde());
                if os != ns {
                    // A changed value is shown at the value itself, not its key.
                    let old_at = At { span: o.span, exact: old_at.exact };
                    let new_at = At { span: n.span, exact: new_at.exact };
                    out.push(Leaf { path: path.clone(), old: Some(os), new: Some(ns), old_at, new_at });
                }
            }
        },
        (o, n) => out.push(Leaf {
            path: path.clone(),
            old: o.map(Value::to_serde),
            new: n.map(Value::to_serde),
            old_at,
            new_at,
        }),
    }
}

/// Is the last key a name inside a map (a property called `properties`)?
fn parent_is_map(path: &[String], shape: Shape<'_>) -> bool {
    path.len() >= 2
        && shape.maps.contains(&path[path.len() - 2].as_str())
        && !parent_is_map(&path[..path.len() - 1], shape)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aps_diag::SourceFile;

    const SHAPE: Shape<'static> =
        Shape { maps: &["properties", "relations"], sets: &["implements"], false_by_default: &["required"] };

    fn parse(name: &str, text: &str) -> (std::sync::Arc<SourceFile>, Value) {
        let f = SourceFile::new(name, text);
        let v = aps_json::parse(&f, &aps_json::Options::with_comments()).value.expect("test JSON parses");
        (f, v)
    }

    fn paths(leaves: &[Leaf]) -> Vec<String> {
        leaves.iter().map(|l| format!("{} {:?}->{:?}", l.pointer(), l.old, l.new)).collect()
    }

    #[test]
    fn reports_leaves_with_locations() {
        let (_, a) = parse("a", r#"{"properties": {"x": {"type": "string"}, "gone": {"type": "integer"}}}"#);
        let (nf, b) =
            parse("b", r#"{"properties": {"x": {"type": "integer", "required": false}, "new": {}}}"#);
        let d = diff(&a, &b, SHAPE);
        assert_eq!(
            paths(&d),
            [
                r#"/properties/x/type Some(String("string"))->Some(String("integer"))"#,
                r#"/properties/new None->Some(Object {})"#,
                r#"/properties/gone Some(Object {"type": String("integer")})->None"#,
            ]
        );
        assert_eq!(nf.slice(d[0].new_at.span), "\"integer\"");
        assert!(d[0].new_at.exact);
        // A removed member is located at the nearest surviving ancestor in the new document.
        assert_eq!(nf.slice(d[2].new_at.span), "\"properties\"");
        assert!(!d[2].new_at.exact);
    }

    #[test]
    fn null_and_false_defaults_are_absent_and_missing_maps_are_empty() {
        let (_, a) = parse("a", r#"{"id": "x", "title": null, "relations": null}"#);
        let (_, b) = parse("b", r#"{"id": "x", "relations": {"r": {"type": "t", "required": false}}}"#);
        let d = diff(&a, &b, SHAPE);
        assert_eq!(
            paths(&d),
            [r#"/relations/r None->Some(Object {"type": String("t"), "required": Bool(false)})"#]
        );
    }

    #[test]
    fn sets_compare_entries_and_names_are_not_maps() {
        let (_, a) =
            parse("a", r#"{"implements": ["a", "b"], "properties": {"properties": {"type": "string"}}}"#);
        let (_, b) =
            parse("b", r#"{"implements": ["b", "c"], "properties": {"properties": {"type": "integer"}}}"#);
        let d = diff(&a, &b, SHAPE);
        assert_eq!(
            paths(&d),
            [
                r#"/implements/c None->Some(String("c"))"#,
                r#"/implements/a Some(String("a"))->None"#,
                r#"/properties/properties/type Some(String("string"))->Some(String("integer"))"#,
            ]
        );
        assert_eq!(pointer(&["a/b".into(), "c~d".into()]), "/a~1b/c~0d");
    }
}
