//! The `.schema.gen` document as typed values. The order of each struct's fields is
//! the order `aps build` writes the keys in; optional keys are left out when unset.
//! Maps keep the order of first insertion (a later value with the same key replaces
//! the earlier one in place), which is the order PHP declares things in.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// Ordered, as written.
pub(crate) type Ordered<T> = IndexMap<String, T>;

fn is_false(b: &bool) -> bool {
    !*b
}

/// A type: the whole `.schema.gen`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TypeDoc {
    pub aps_version: &'static str,
    pub name: String,
    pub id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub implements: Vec<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub properties: Ordered<PropertyDoc>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub operations: Ordered<OperationDoc>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub structures: Ordered<StructureDoc>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub relations: Ordered<RelationDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<Ordered<bool>>,
}

/// `type`, and `items` for `T[]`.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Typed {
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Items>,
}

/// `items` of an array type.
#[derive(Debug, Serialize)]
pub(crate) struct Items {
    #[serde(rename = "type")]
    pub type_name: String,
}

/// A property (of a type or a structure).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PropertyDoc {
    #[serde(flatten)]
    pub typed: Typed,
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub readonly: bool,
    #[serde(rename = "final", skip_serializing_if = "is_false")]
    pub is_final: bool,
    /// The PHP initial value (never `@default`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(skip_serializing_if = "is_false")]
    pub encrypted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enum_titles: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub headline: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<Ordered<bool>>,
}

/// A relation (`@link`).
#[derive(Debug, Serialize)]
pub(crate) struct RelationDoc {
    #[serde(rename = "type")]
    pub type_id: String,
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    /// Always written.
    pub collection: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocate: Option<String>,
}

/// An operation (a method with `@verb`).
#[derive(Debug, Serialize)]
pub(crate) struct OperationDoc {
    pub verb: String,
    pub path: String,
    #[serde(rename = "static", skip_serializing_if = "is_false")]
    pub is_static: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseDoc>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: Ordered<ParameterDoc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access: Option<Ordered<bool>>,
}

/// `response` of an operation: every key written, `null` when unset.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ResponseDoc {
    pub content_type: Option<String>,
    #[serde(rename = "type")]
    pub type_name: String,
    pub items: Option<Items>,
}

/// A parameter of an operation.
#[derive(Debug, Serialize)]
pub(crate) struct ParameterDoc {
    #[serde(flatten)]
    pub typed: Typed,
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    pub kind: String,
}

/// A structure: `{"type": "object", "properties": …}`.
#[derive(Debug, Serialize)]
pub(crate) struct StructureDoc {
    #[serde(rename = "type")]
    pub type_name: &'static str,
    pub properties: Ordered<PropertyDoc>,
}
