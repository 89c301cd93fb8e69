use aps_diag::Span;

/// A JSON value with the byte span it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Object),
}

/// A number as written, so that `1.0` and `1` stay distinguishable.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub raw: String,
}

impl Number {
    /// The value if it is an integer that fits `i64` (`1.0` and `1e2` are not integers here).
    pub fn as_i64(&self) -> Option<i64> {
        self.raw.parse().ok()
    }
    pub fn as_f64(&self) -> Option<f64> {
        self.raw.parse().ok()
    }
    pub fn is_integer(&self) -> bool {
        !self.raw.contains(['.', 'e', 'E'])
    }

    /// The number as `serde_json` holds it: an `i64`, else a `u64`, else a
    /// finite `f64`; `None` when none of them can (`1e999`, an integer
    /// beyond 64 bits is rounded to an `f64`).
    pub fn to_serde(&self) -> Option<serde_json::Number> {
        if let Ok(i) = self.raw.parse::<i64>() {
            Some(i.into())
        } else if let Ok(u) = self.raw.parse::<u64>() {
            Some(u.into())
        } else {
            self.as_f64().and_then(serde_json::Number::from_f64)
        }
    }
}

/// An object's members in source order (duplicates kept, so they can be reported).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    pub members: Vec<Member>,
    /// Whether some key repeats (the parser records it while it reports them).
    pub(crate) duplicates: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Value,
}

impl Object {
    /// The first member named `key`.
    pub fn get_member(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.get_member(key).map(|m| &m.value)
    }
    pub fn iter(&self) -> impl Iterator<Item = &Member> {
        self.members.iter()
    }
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| m.key.as_str())
    }
    pub fn len(&self) -> usize {
        self.members.len()
    }
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
    /// Whether some key names more than one member.
    pub fn has_duplicates(&self) -> bool {
        self.duplicates
    }
}

impl Value {
    /// The JSON type name, for messages: `null`, `boolean`, `integer`, `number`, `string`, `array`, `object`.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(n) if n.is_integer() => "integer",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_number(&self) -> Option<&Number> {
        match &self.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }
    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Object> {
        match &self.kind {
            Kind::Object(o) => Some(o),
            _ => None,
        }
    }
    /// `self.as_object()?.get(key)`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// Follow an RFC 6901 JSON pointer (`/defaults/resourceTypes/0/id`), as
    /// reported by JSON Schema validators, back to the value and its span.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut cur = self;
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            cur = match &cur.kind {
                Kind::Object(o) => o.get(&token)?,
                Kind::Array(a) => a.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// The span of the key naming the member at `pointer` (the value's span for array items and the root).
    pub fn key_span(&self, pointer: &str) -> Option<Span> {
        let (parent, last) = match pointer.rfind('/') {
            Some(i) => (&pointer[..i], &pointer[i + 1..]),
            None => return Some(self.span),
        };
        let parent = self.pointer(parent)?;
        let token = last.replace("~1", "/").replace("~0", "~");
        match &parent.kind {
            Kind::Object(o) => o.get_member(&token).map(|m| m.key_span),
            Kind::Array(a) => a.get(token.parse::<usize>().ok()?).map(|v| v.span),
            _ => None,
        }
    }

    /// Convert to `serde_json::Value` (for JSON Schema validation). Duplicate
    /// keys keep the last value, as serde does.
    pub fn to_serde(&self) -> serde_json::Value {
        match &self.kind {
            Kind::Null => serde_json::Value::Null,
            Kind::Bool(b) => serde_json::Value::Bool(*b),
            Kind::Number(n) => n.to_serde().map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null),
            Kind::String(s) => serde_json::Value::String(s.clone()),
            Kind::Array(a) => serde_json::Value::Array(a.iter().map(Value::to_serde).collect()),
            Kind::Object(o) => {
                let mut map = serde_json::Map::new();
                for m in &o.members {
                    map.insert(m.key.clone(), m.value.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}
