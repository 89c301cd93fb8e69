//! APS type schemas (`schemas/*.schema`, `*.schema.gen`, `*.json`): JSON
//! with comments allowed, `null` accepted for any optional attribute, every
//! part kept with its span.

use crate::rules::invalid_schema::InvalidSchema;
use crate::rules::invalid_type_id::InvalidTypeId;
use crate::rules::unknown_schema_key::UnknownSchemaKey;
use crate::typeid::TypeId;
use crate::Spanned;
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use aps_json::{Kind, Object, Value};
use std::sync::Arc;

/// One type definition.
#[derive(Debug, Clone)]
pub struct TypeSchema {
    pub file: Arc<SourceFile>,
    /// The whole JSON object.
    pub span: Span,
    pub id: Option<Spanned<String>>,
    /// `id` parsed, when it is a well-formed versioned id.
    pub type_id: Option<TypeId>,
    pub name: Option<Spanned<String>>,
    pub aps_version: Option<Spanned<String>>,
    pub implements: Vec<Spanned<String>>,
    pub properties: Vec<Property>,
    pub relations: Vec<Relation>,
    pub operations: Vec<Operation>,
    pub structures: Vec<Structure>,
    pub access: Option<Access>,
}

/// A property, structure member, array `items` schema or parameter type.
#[derive(Debug, Clone)]
pub struct Property {
    pub name: Spanned<String>,
    /// The property's JSON object.
    pub span: Span,
    pub ty: Option<Spanned<String>>,
    pub required: Option<Spanned<bool>>,
    pub default: Option<Value>,
    pub readonly: Option<Spanned<bool>>,
    pub final_: Option<Spanned<bool>>,
    pub encrypted: Option<Spanned<bool>>,
    pub format: Option<Spanned<String>>,
    pub enum_values: Option<Value>,
    pub enum_titles: Option<Value>,
    pub pattern: Option<Spanned<String>>,
    pub unit: Option<Spanned<String>>,
    pub items: Option<Box<Property>>,
    /// Members of an inline `object` property.
    pub properties: Vec<Property>,
    pub access: Option<Access>,
    pub title: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
}

impl Property {
    pub fn is_required(&self) -> bool {
        self.required.as_ref().is_some_and(|r| r.value)
    }
    pub fn type_name(&self) -> Option<&str> {
        self.ty.as_ref().map(|t| t.value.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Relation {
    pub name: Spanned<String>,
    pub span: Span,
    pub ty: Option<Spanned<String>>,
    pub collection: Option<Spanned<bool>>,
    pub required: Option<Spanned<bool>>,
}

impl Relation {
    pub fn is_collection(&self) -> bool {
        self.collection.as_ref().is_some_and(|r| r.value)
    }
    pub fn is_required(&self) -> bool {
        self.required.as_ref().is_some_and(|r| r.value)
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub name: Spanned<String>,
    pub span: Span,
    pub verb: Option<Spanned<String>>,
    pub path: Option<Spanned<String>>,
    pub static_: Option<Spanned<bool>>,
    pub parameters: Vec<Parameter>,
    pub response: Option<Response>,
    pub access: Option<Access>,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: Spanned<String>,
    pub span: Span,
    pub ty: Option<Spanned<String>>,
    /// `body`, `query`, `path`.
    pub kind: Option<Spanned<String>>,
    pub required: Option<Spanned<bool>>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub span: Span,
    pub ty: Option<Spanned<String>>,
    pub content_type: Option<Spanned<String>>,
    pub items: Option<Box<Property>>,
}

#[derive(Debug, Clone)]
pub struct Structure {
    pub name: Spanned<String>,
    pub span: Span,
    pub ty: Option<Spanned<String>>,
    pub properties: Vec<Property>,
    pub description: Option<Spanned<String>>,
}

/// `access` flags (`global`, `admin`, `owner`, `referrer`, …) in source order.
#[derive(Debug, Clone)]
pub struct Access {
    pub span: Span,
    pub flags: Vec<(Spanned<String>, Spanned<bool>)>,
}

impl Access {
    pub fn get(&self, flag: &str) -> Option<bool> {
        self.flags.iter().find(|(k, _)| k.value == flag).map(|(_, v)| v.value)
    }
}

impl TypeSchema {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name.value == name)
    }
    pub fn relation(&self, name: &str) -> Option<&Relation> {
        self.relations.iter().find(|p| p.name.value == name)
    }
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|p| p.name.value == name)
    }
    pub fn structure(&self, name: &str) -> Option<&Structure> {
        self.structures.iter().find(|p| p.name.value == name)
    }
    /// The id text (empty when the schema has none).
    pub fn id_str(&self) -> &str {
        self.id.as_ref().map_or("", |s| s.value.as_str())
    }
}

const TYPE_KEYS: &[&str] = &[
    "apsVersion",
    "name",
    "id",
    "implements",
    "properties",
    "relations",
    "operations",
    "structures",
    "access",
    "aps",
    "description",
    "title",
    "$schema",
];
const PROPERTY_KEYS: &[&str] = &[
    "type",
    "required",
    "default",
    "readonly",
    "final",
    "encrypted",
    "format",
    "enum",
    "enumTitles",
    "pattern",
    "unit",
    "items",
    "access",
    "title",
    "description",
    "properties",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "additionalProperties",
    "headline",
    "name",
    "marker",
    "hidden",
];
/// `allocate` is written by the official PHP runtime into generated schemas (`"allocate": "new"`
/// in published builds), so it is part of the format as controllers read it.
const RELATION_KEYS: &[&str] =
    &["type", "collection", "required", "allocate", "description", "title", "access"];
const OPERATION_KEYS: &[&str] = &[
    "verb",
    "path",
    "static",
    "parameters",
    "response",
    "errorResponse",
    "access",
    "name",
    "description",
    "title",
];
const PARAMETER_KEYS: &[&str] =
    &["type", "kind", "required", "name", "contentType", "description", "items", "title", "default"];
const RESPONSE_KEYS: &[&str] = &["type", "contentType", "items", "name", "description"];
const STRUCTURE_KEYS: &[&str] = &["type", "properties", "description", "title", "name", "required"];

/// Parse a schema file's text (comments allowed).
pub fn parse_type_schema(file: &Arc<SourceFile>) -> (Option<TypeSchema>, Vec<Diagnostic>) {
    let parsed = aps_json::parse(file, &aps_json::Options::with_comments());
    let mut diags = parsed.diagnostics;
    let schema = parsed.value.and_then(|v| schema_from_value(file, &v, &mut diags));
    (schema, diags)
}

/// Build a schema from an already parsed JSON value.
pub fn schema_from_value(
    file: &Arc<SourceFile>,
    value: &Value,
    diags: &mut Vec<Diagnostic>,
) -> Option<TypeSchema> {
    let mut r = Reader { file, diags };
    let Some(obj) = value.as_object() else {
        r.diags.push(
            InvalidSchema::NotObject { found: value.type_name() }
                .diagnostic()
                .at(file, value.span)
                .with_label("expected `{`"),
        );
        return None;
    };
    r.unknown_keys(obj, TYPE_KEYS, "type schema");
    let id = r.string(obj, "id");
    let type_id = id.as_ref().and_then(|s| TypeId::parse(&s.value));
    match &id {
        None => r.diags.push(
            InvalidSchema::NoId
                .diagnostic()
                .at(file, value.span.start_only())
                .with_label("expected an `\"id\"` member"),
        ),
        Some(s) if type_id.is_none() => r.diags.push(
            InvalidTypeId { id: &s.value }
                .diagnostic()
                .at(file, s.span)
                .with_label("expected `<uri>/<major>.<minor>`"),
        ),
        _ => {}
    }
    let name = r.string(obj, "name");
    let aps_version = r.string(obj, "apsVersion");
    let implements = r.string_list(obj, "implements");
    let properties = r.properties(obj, "properties");
    let relations = r.relations(obj);
    let operations = r.operations(obj);
    let structures = r.structures(obj);
    let access = r.access(obj);
    Some(TypeSchema {
        file: file.clone(),
        span: value.span,
        id,
        type_id,
        name,
        aps_version,
        implements,
        properties,
        relations,
        operations,
        structures,
        access,
    })
}

pub(crate) fn article(t: &str) -> String {
    match t {
        "array" | "object" | "integer" => format!("an {t}"),
        "null" => "null".into(),
        _ => format!("a {t}"),
    }
}

trait StartOnly {
    fn start_only(self) -> Span;
}
impl StartOnly for Span {
    fn start_only(self) -> Span {
        Span::new(self.start, (self.start + 1).min(self.end))
    }
}

struct Reader<'a> {
    file: &'a Arc<SourceFile>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn wrong_type(&mut self, key: &str, v: &Value, expected: &str) {
        self.diags.push(
            InvalidSchema::WrongType { key, expected, found: v.type_name() }
                .diagnostic()
                .at(self.file, v.span)
                .with_label(format!("expected {expected}")),
        );
    }

    /// The member's value unless absent or `null`.
    fn member<'v>(&self, obj: &'v Object, key: &str) -> Option<&'v Value> {
        obj.get(key).filter(|v| !v.is_null())
    }

    fn string(&mut self, obj: &Object, key: &str) -> Option<Spanned<String>> {
        let v = self.member(obj, key)?;
        match v.as_str() {
            Some(s) => Some(Spanned::new(s.to_string(), v.span)),
            None => {
                self.wrong_type(key, v, "a string");
                None
            }
        }
    }

    fn boolean(&mut self, obj: &Object, key: &str) -> Option<Spanned<bool>> {
        let v = self.member(obj, key)?;
        match v.as_bool() {
            Some(b) => Some(Spanned::new(b, v.span)),
            None => {
                let d = InvalidSchema::NotBoolean { key, found: v }
                    .diagnostic()
                    .at(self.file, v.span)
                    .with_label("expected `true` or `false`");
                self.diags.push(d);
                None
            }
        }
    }

    fn object<'v>(&mut self, obj: &'v Object, key: &str) -> Option<&'v Object> {
        let v = self.member(obj, key)?;
        match v.as_object() {
            Some(o) => Some(o),
            None => {
                self.wrong_type(key, v, "an object keyed by name");
                None
            }
        }
    }

    fn string_list(&mut self, obj: &Object, key: &str) -> Vec<Spanned<String>> {
        let Some(v) = self.member(obj, key) else { return Vec::new() };
        match &v.kind {
            Kind::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item.as_str() {
                        Some(s) => out.push(Spanned::new(s.to_string(), item.span)),
                        None => self.wrong_type(key, item, "a list of strings"),
                    }
                }
                out
            }
            // A single id is accepted by the controller in some versions.
            Kind::String(s) => vec![Spanned::new(s.clone(), v.span)],
            _ => {
                self.wrong_type(key, v, "an array of type ids");
                Vec::new()
            }
        }
    }

    fn unknown_keys(&mut self, obj: &Object, known: &[&str], what: &str) {
        for m in obj.iter() {
            if !known.contains(&m.key.as_str()) {
                let near = aps_diag::did_you_mean(&m.key, known.iter().copied());
                let d = UnknownSchemaKey { key: &m.key, what, known }
                    .diagnostic()
                    .at(self.file, m.key_span)
                    .with_label("not part of the APS type format")
                    .with_fix_opt(aps_diag::Fix::rename_opt(self.file, m.key_span, near));
                self.diags.push(d);
            }
        }
    }

    fn entries<'v>(
        &mut self,
        obj: &'v Object,
        key: &str,
        what: &str,
    ) -> Vec<(Spanned<String>, &'v Object, Span)> {
        let Some(map) = self.object(obj, key) else { return Vec::new() };
        let mut out = Vec::new();
        for m in map.iter() {
            match m.value.as_object() {
                Some(o) => out.push((Spanned::new(m.key.clone(), m.key_span), o, m.value.span)),
                None if m.value.is_null() => {}
                None => self.wrong_type(&format!("{what} `{}`", m.key), &m.value, "an object"),
            }
        }
        out
    }

    fn access(&mut self, obj: &Object) -> Option<Access> {
        let v = self.member(obj, "access")?;
        let Some(o) = v.as_object() else {
            self.wrong_type("access", v, "an object of boolean flags");
            return None;
        };
        let mut flags = Vec::new();
        for m in o.iter() {
            match m.value.as_bool() {
                Some(b) => {
                    flags.push((Spanned::new(m.key.clone(), m.key_span), Spanned::new(b, m.value.span)))
                }
                None if m.value.is_null() => {}
                None => self.wrong_type(&format!("access `{}`", m.key), &m.value, "a boolean"),
            }
        }
        Some(Access { span: v.span, flags })
    }

    fn properties(&mut self, obj: &Object, key: &str) -> Vec<Property> {
        self.entries(obj, key, "property")
            .into_iter()
            .map(|(name, o, span)| self.property(name, o, span, 0))
            .collect()
    }

    fn property(&mut self, name: Spanned<String>, o: &Object, span: Span, depth: usize) -> Property {
        self.unknown_keys(o, PROPERTY_KEYS, "a property");
        let items = match self.member(o, "items") {
            Some(v) => match v.as_object() {
                // JSON nesting is bounded by the parser; `depth` only guards recursion here.
                Some(io) if depth < 64 => Some(Box::new(self.property(
                    Spanned::new(format!("{}[]", name.value), v.span),
                    io,
                    v.span,
                    depth + 1,
                ))),
                Some(_) => None,
                None => {
                    self.wrong_type("items", v, "an object");
                    None
                }
            },
            None => None,
        };
        let properties = if depth < 64 {
            self.entries(o, "properties", "property")
                .into_iter()
                .map(|(n, po, ps)| self.property(n, po, ps, depth + 1))
                .collect()
        } else {
            Vec::new()
        };
        Property {
            ty: self.string(o, "type"),
            required: self.boolean(o, "required"),
            default: o.get("default").cloned(),
            readonly: self.boolean(o, "readonly"),
            final_: self.boolean(o, "final"),
            encrypted: self.boolean(o, "encrypted"),
            format: self.string(o, "format"),
            enum_values: self.member(o, "enum").cloned(),
            enum_titles: self.member(o, "enumTitles").cloned(),
            pattern: self.string(o, "pattern"),
            unit: self.string(o, "unit"),
            items,
            properties,
            access: self.access(o),
            title: self.string(o, "title"),
            description: self.string(o, "description"),
            name,
            span,
        }
    }

    fn relations(&mut self, obj: &Object) -> Vec<Relation> {
        let mut out = Vec::new();
        for (name, o, span) in self.entries(obj, "relations", "relation") {
            self.unknown_keys(o, RELATION_KEYS, "a relation");
            let ty = self.string(o, "type");
            if ty.is_none() {
                self.diags.push(
                    InvalidSchema::RelationWithoutType { name: &name.value }
                        .diagnostic()
                        .at(self.file, name.span)
                        .with_label("expected a `\"type\"` naming the related type id"),
                );
            }
            out.push(Relation {
                ty,
                collection: self.boolean(o, "collection"),
                required: self.boolean(o, "required"),
                name,
                span,
            });
        }
        out
    }

    fn operations(&mut self, obj: &Object) -> Vec<Operation> {
        let mut out = Vec::new();
        for (name, o, span) in self.entries(obj, "operations", "operation") {
            self.unknown_keys(o, OPERATION_KEYS, "an operation");
            let verb = self.string(o, "verb");
            let path = self.string(o, "path");
            for (key, v) in [("verb", &verb), ("path", &path)] {
                if v.is_none() {
                    self.diags.push(
                        InvalidSchema::OperationWithout { name: &name.value, key }
                            .diagnostic()
                            .at(self.file, name.span)
                            .with_label(format!("expected a `\"{key}\"` member")),
                    );
                }
            }
            if let Some(v) = &verb {
                if !matches!(v.value.as_str(), "GET" | "POST" | "PUT" | "DELETE") {
                    self.diags.push(
                        InvalidSchema::NotHttpVerb { verb: &v.value }
                            .diagnostic()
                            .at(self.file, v.span)
                            .with_label("expected GET, POST, PUT or DELETE"),
                    );
                }
            }
            let mut parameters = Vec::new();
            for (pname, po, pspan) in self.entries(o, "parameters", "parameter") {
                self.unknown_keys(po, PARAMETER_KEYS, "an operation parameter");
                parameters.push(Parameter {
                    ty: self.string(po, "type"),
                    kind: self.string(po, "kind"),
                    required: self.boolean(po, "required"),
                    name: pname,
                    span: pspan,
                });
            }
            let response = match self.member(o, "response") {
                Some(v) => match v.as_object() {
                    Some(ro) => {
                        self.unknown_keys(ro, RESPONSE_KEYS, "an operation response");
                        let items = match self.member(ro, "items") {
                            Some(iv) => match iv.as_object() {
                                Some(io) => Some(Box::new(self.property(
                                    Spanned::new("items".into(), iv.span),
                                    io,
                                    iv.span,
                                    1,
                                ))),
                                None => {
                                    self.wrong_type("items", iv, "an object");
                                    None
                                }
                            },
                            None => None,
                        };
                        Some(Response {
                            span: v.span,
                            ty: self.string(ro, "type"),
                            content_type: self.string(ro, "contentType"),
                            items,
                        })
                    }
                    None => {
                        self.wrong_type("response", v, "an object");
                        None
                    }
                },
                None => None,
            };
            out.push(Operation {
                static_: self.boolean(o, "static"),
                access: self.access(o),
                name,
                span,
                verb,
                path,
                parameters,
                response,
            });
        }
        out
    }

    fn structures(&mut self, obj: &Object) -> Vec<Structure> {
        let mut out = Vec::new();
        for (name, o, span) in self.entries(obj, "structures", "structure") {
            self.unknown_keys(o, STRUCTURE_KEYS, "a structure");
            out.push(Structure {
                ty: self.string(o, "type"),
                properties: self.properties(o, "properties"),
                description: self.string(o, "description"),
                name,
                span,
            });
        }
        out
    }
}
