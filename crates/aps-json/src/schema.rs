//! The one JSON Schema path: every format with a published schema (wizard
//! data, the ZStack files, `aps-pack.toml`) is checked by the `jsonschema`
//! crate through [`Schema`], and each error comes back as a [`Violation`]
//! that already points at the offending key or value of the source file.
//!
//! The mapping from a schema error (an instance path and a keyword) to a span
//! lives here, once; the callers only word the finding. A document need not be
//! JSON: anything that can find the span of a value and of a key by JSON
//! pointer ([`Locate`]) can be checked, which is how the TOML configuration
//! uses the same path.

use crate::Value;
use aps_diag::Span;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::json::Json;
use std::sync::OnceLock;

mod spanned;

pub use jsonschema::json::SerdeJson;
pub use spanned::Spanned;

/// A compiled schema together with its text (for descriptions and key lists).
///
/// `F` is the representation of the documents it checks: [`Spanned`] (the
/// parser's own tree, read in place, never copied) for JSON files;
/// [`SerdeJson`] for a document that is not JSON and is
/// converted (the TOML configuration).
pub struct Schema<F: Json = Spanned> {
    raw: serde_json::Value,
    validator: jsonschema::Validator<F>,
}

/// Why a schema could not be compiled.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// The text is not JSON.
    #[error("the schema is not valid JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The JSON is not a valid JSON Schema.
    #[error("the schema is not a valid JSON Schema: {0}")]
    Schema(String),
}

/// Where a JSON pointer of the checked document is in its source text.
pub trait Locate {
    /// The span of the value at `pointer` (`""` is the whole document).
    fn value_span(&self, pointer: &str) -> Option<Span>;
    /// The span of the key naming the member at `pointer`.
    fn key_span(&self, pointer: &str) -> Option<Span>;
}

impl Locate for Value {
    fn value_span(&self, pointer: &str) -> Option<Span> {
        self.pointer(pointer).map(|v| v.span)
    }
    fn key_span(&self, pointer: &str) -> Option<Span> {
        Value::key_span(self, pointer)
    }
}

/// One way a document fails its schema, already located.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// RFC 6901 pointer of the value the error is about (for `Unknown`, the
    /// object holding the key).
    pub pointer: String,
    /// The span of that value, when the document has it.
    pub span: Option<Span>,
    pub kind: ViolationKind,
}

/// What the schema expected.
#[derive(Debug, Clone, PartialEq)]
pub enum ViolationKind {
    /// Wrong JSON type; `expected` as the schema lists them (`integer`, `string`…).
    Type { expected: Vec<String> },
    /// A required member `field` is absent from the object.
    Required { field: String },
    /// A member the schema does not allow; `allowed` are the object's declared
    /// keys in the schema's order.
    Unknown { key: String, key_span: Option<Span>, allowed: Vec<String> },
    /// A string shorter than `limit` characters.
    MinLength { limit: u64 },
    /// A string longer than `limit` characters.
    MaxLength { limit: u64 },
    /// A number below `limit`.
    Minimum { limit: serde_json::Value },
    /// A number above `limit`.
    Maximum { limit: serde_json::Value },
    /// A string that does not match the regular expression.
    Pattern { pattern: String },
    /// A value not among `options`.
    Enum { options: serde_json::Value },
    /// A value other than `expected`.
    Const { expected: serde_json::Value },
    /// An array with a repeated item.
    UniqueItems,
    /// None of the alternatives of an `anyOf` holds.
    AnyOf,
    /// Any other keyword.
    Other { keyword: String },
}

impl ViolationKind {
    /// The JSON Schema keyword that failed.
    pub fn keyword(&self) -> &str {
        match self {
            ViolationKind::Type { .. } => "type",
            ViolationKind::Required { .. } => "required",
            ViolationKind::Unknown { .. } => "additionalProperties",
            ViolationKind::MinLength { .. } => "minLength",
            ViolationKind::MaxLength { .. } => "maxLength",
            ViolationKind::Minimum { .. } => "minimum",
            ViolationKind::Maximum { .. } => "maximum",
            ViolationKind::Pattern { .. } => "pattern",
            ViolationKind::Enum { .. } => "enum",
            ViolationKind::Const { .. } => "const",
            ViolationKind::UniqueItems => "uniqueItems",
            ViolationKind::AnyOf => "anyOf",
            ViolationKind::Other { keyword } => keyword,
        }
    }
}

impl Schema<Spanned> {
    /// Check a parsed JSON document in place, locating each error in it.
    ///
    /// The violations come in document order (by span), errors at one place in
    /// the order the schema lists them.
    pub fn check(&self, doc: &Value) -> Vec<Violation> {
        self.validate(doc, doc)
    }
}

impl<F: Json> Schema<F> {
    /// Compile a schema text (the draft is taken from its `$schema`, 2020-12 if absent).
    pub fn compile(text: &str) -> Result<Schema<F>, CompileError> {
        let raw: serde_json::Value = serde_json::from_str(text).map_err(CompileError::Json)?;
        Schema::from_value(raw)
    }

    /// Compile a schema already parsed.
    pub fn from_value(raw: serde_json::Value) -> Result<Schema<F>, CompileError> {
        let validator = jsonschema::options_for::<F>()
            .with_draft(jsonschema::Draft::Draft202012)
            .build(&raw)
            .map_err(|e| CompileError::Schema(e.to_string()))?;
        Ok(Schema { raw, validator })
    }

    /// A schema that is part of the binary, compiled once per process.
    ///
    /// # Panics
    /// When `text` does not compile: that is a build defect, never an input
    /// error, and every embedded schema has a test that compiles it. It is
    /// never skipped, so a broken schema cannot silently check nothing.
    pub fn embedded(cell: &'static OnceLock<Schema<F>>, name: &str, text: &str) -> &'static Schema<F> {
        cell.get_or_init(|| match Schema::compile(text) {
            Ok(s) => s,
            Err(e) => panic!("embedded schema {name}: {e}"),
        })
    }

    /// The schema as JSON.
    pub fn raw(&self) -> &serde_json::Value {
        &self.raw
    }

    /// Check `instance`, locating each error in `doc`: the one mapping from
    /// schema errors to located violations, whatever the representation.
    ///
    /// The violations come in document order (by span), errors at one place in
    /// the order the schema lists them.
    pub fn validate<'a>(&'a self, instance: F::Node<'a>, doc: &dyn Locate) -> Vec<Violation> {
        // The common case, a valid document, is decided without collecting errors.
        if self.validator.is_valid(instance.clone()) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for error in self.validator.iter_errors(instance) {
            let pointer = error.instance_path().as_str().to_string();
            let schema_path = error.schema_path().as_str().to_string();
            let span = doc.value_span(&pointer);
            let kinds = match error.kind() {
                ValidationErrorKind::AdditionalProperties { unexpected } => {
                    let allowed = self.declared_keys(&schema_path);
                    unexpected
                        .iter()
                        .map(|key| ViolationKind::Unknown {
                            key: key.clone(),
                            key_span: doc.key_span(&format!("{pointer}/{}", escape_token(key))),
                            allowed: allowed.clone(),
                        })
                        .collect()
                }
                kind => vec![self.kind(kind, &schema_path)],
            };
            out.extend(kinds.into_iter().map(|kind| Violation { pointer: pointer.clone(), span, kind }));
        }
        out.sort_by_key(|v| {
            let at = match &v.kind {
                ViolationKind::Unknown { key_span: Some(k), .. } => *k,
                _ => v.span.unwrap_or_default(),
            };
            at.start
        });
        out
    }

    fn kind(&self, kind: &ValidationErrorKind, schema_path: &str) -> ViolationKind {
        match kind {
            ValidationErrorKind::Type { kind } => {
                // The schema's own order (`["array", "object"]`), not the validator's.
                let listed: Option<Vec<String>> = self.at(schema_path).and_then(|t| match t {
                    serde_json::Value::String(one) => Some(vec![one.clone()]),
                    serde_json::Value::Array(many) => {
                        Some(many.iter().filter_map(|t| t.as_str().map(str::to_string)).collect())
                    }
                    _ => None,
                });
                let expected = listed.unwrap_or_else(|| match kind {
                    TypeKind::Single(t) => vec![t.to_string()],
                    TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
                });
                ViolationKind::Type { expected }
            }
            ValidationErrorKind::Required { property } => {
                ViolationKind::Required { field: property.as_str().unwrap_or_default().to_string() }
            }
            ValidationErrorKind::MinLength { limit } => ViolationKind::MinLength { limit: *limit },
            ValidationErrorKind::MaxLength { limit } => ViolationKind::MaxLength { limit: *limit },
            ValidationErrorKind::Minimum { limit } => ViolationKind::Minimum { limit: limit.clone() },
            ValidationErrorKind::Maximum { limit } => ViolationKind::Maximum { limit: limit.clone() },
            ValidationErrorKind::Pattern { pattern } => ViolationKind::Pattern { pattern: pattern.clone() },
            ValidationErrorKind::Enum { options } => ViolationKind::Enum { options: (**options).clone() },
            ValidationErrorKind::Constant { expected_value } => {
                ViolationKind::Const { expected: (**expected_value).clone() }
            }
            ValidationErrorKind::UniqueItems => ViolationKind::UniqueItems,
            ValidationErrorKind::AnyOf { .. } => ViolationKind::AnyOf,
            other => ViolationKind::Other { keyword: other.keyword().to_string() },
        }
    }

    /// The schema value at a keyword location, following `$ref`s met on the way.
    fn at(&self, schema_path: &str) -> Option<&serde_json::Value> {
        let mut cur = &self.raw;
        for raw in schema_path.split('/').skip(1) {
            let token = unescape_token(raw);
            cur = match cur {
                serde_json::Value::Object(o) => o.get(&token)?,
                serde_json::Value::Array(a) => a.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
            if let Some(target) = cur.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix('#')) {
                cur = self.raw.pointer(target)?;
            }
        }
        Some(cur)
    }

    /// The `properties` keys beside the `additionalProperties` keyword at `schema_path`.
    fn declared_keys(&self, schema_path: &str) -> Vec<String> {
        let parent = schema_path.strip_suffix("/additionalProperties").unwrap_or(schema_path);
        self.at(parent)
            .and_then(|s| s.get("properties"))
            .and_then(|p| p.as_object())
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The sub-schema describing the value at the instance `pointer`, found by
    /// following `properties`, `items` and local `$ref`s.
    pub fn for_instance(&self, pointer: &str) -> Option<&serde_json::Value> {
        let mut s = self.deref(&self.raw);
        for raw in pointer.split('/').skip(1) {
            let token = unescape_token(raw);
            s = if token.parse::<usize>().is_ok() && s.get("items").is_some() {
                s.get("items")?
            } else {
                s.get("properties")?.get(&token)?
            };
            s = self.deref(s);
        }
        Some(s)
    }

    fn deref<'a>(&'a self, s: &'a serde_json::Value) -> &'a serde_json::Value {
        match s.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix('#')) {
            Some(target) => self.raw.pointer(target).unwrap_or(s),
            None => s,
        }
    }

    /// The `description` the schema gives the member `field` of the object at `pointer`.
    pub fn describe(&self, pointer: &str, field: &str) -> Option<&str> {
        self.for_instance(pointer)?.get("properties")?.get(field)?.get("description")?.as_str()
    }
}

/// A key as an RFC 6901 pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A pointer token back to the key it names.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
#[path = "schema_tests.rs"]
mod tests;
