//! The span-keeping tree as a `jsonschema` document representation, so the
//! schema check reads the tree the parser built instead of a converted copy.
//!
//! The validator sees exactly what [`Value::to_serde`] would give it: an
//! object with a repeated key has one member of that name, at the first
//! place, holding the last value (serde's `preserve_order` map), and a
//! number that no `i64`/`u64`/finite `f64` holds is `null`.

use crate::value::{Kind, Member, Object, Value};
use jsonschema::json::{Array, Json, Node, NodeIdentity, Object as JsonObject};
use jsonschema::types::JsonType;
use std::borrow::Cow;
use std::collections::HashMap;

/// The parser's tree ([`Value`]) as a `jsonschema` representation.
pub struct Spanned;

impl Json for Spanned {
    type Node<'a> = &'a Value;
    type PreparedKey = String;
    type StringBuffer = ();

    // Members are a vector: a pass over them is as cheap as a lookup.
    const KEYS_PER_LOOKUP: usize = 16;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(&Value) -> T) -> T {
        let node = Value { kind: Kind::String(string.to_owned()), span: aps_diag::Span::default() };
        f(&node)
    }
}

impl<'a> Node<'a, Spanned> for &'a Value {
    type Object = &'a Object;
    type Array = &'a [Value];
    type Number = serde_json::Number;

    fn as_object(&self) -> Option<&'a Object> {
        match &self.kind {
            Kind::Object(o) => Some(o),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Value]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.kind {
            Kind::String(s) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<serde_json::Number> {
        match &self.kind {
            Kind::Number(n) => n.to_serde(),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.json_type() == JsonType::Null
    }

    fn json_type(&self) -> JsonType {
        match &self.kind {
            Kind::Null => JsonType::Null,
            Kind::Bool(_) => JsonType::Boolean,
            Kind::Number(n) if n.to_serde().is_some() => JsonType::Number,
            Kind::Number(_) => JsonType::Null,
            Kind::String(_) => JsonType::String,
            Kind::Array(_) => JsonType::Array,
            Kind::Object(_) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &serde_json::Value) -> bool {
        match (&self.kind, expected) {
            (Kind::String(s), serde_json::Value::String(e)) => s == e,
            (Kind::String(_), _) => false,
            _ => jsonschema::json::cmp::equal(&self.to_serde(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        Cow::Owned(self.to_serde())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Value>(self) as usize))
    }
}

/// An object's members as the validator sees them (see the module documentation).
pub enum Members<'a> {
    /// No key repeats: the members in source order.
    Plain(std::slice::Iter<'a, Member>),
    /// Some key repeats: each name once, at its first place, with its last value.
    Merged(std::vec::IntoIter<(&'a str, &'a Value)>),
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Members::Plain(it) => it.next().map(|m| (m.key.as_str(), &m.value)),
            Members::Merged(it) => it.next(),
        }
    }
}

fn merged(o: &Object) -> Vec<(&str, &Value)> {
    let mut out: Vec<(&str, &Value)> = Vec::with_capacity(o.members.len());
    let mut at: HashMap<&str, usize> = HashMap::with_capacity(o.members.len());
    for m in &o.members {
        match at.get(m.key.as_str()) {
            Some(&i) => out[i].1 = &m.value,
            None => {
                at.insert(&m.key, out.len());
                out.push((&m.key, &m.value));
            }
        }
    }
    out
}

impl<'a> JsonObject<'a, Spanned> for &'a Object {
    type Node = &'a Value;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        if self.has_duplicates() {
            merged(self).len()
        } else {
            self.members.len()
        }
    }

    fn get(&self, key: &String) -> Option<&'a Value> {
        // The last member of that name, as serde keeps it.
        self.members.iter().rev().find(|m| m.key == *key).map(|m| &m.value)
    }

    fn members(&self) -> Members<'a> {
        if self.has_duplicates() {
            Members::Merged(merged(self).into_iter())
        } else {
            Members::Plain(self.members.iter())
        }
    }
}

impl<'a> Array<'a, Spanned> for &'a [Value] {
    type Node = &'a Value;
    type ElementsIter = std::slice::Iter<'a, Value>;

    fn len(&self) -> usize {
        <[Value]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Value> {
        self.iter()
    }
}
