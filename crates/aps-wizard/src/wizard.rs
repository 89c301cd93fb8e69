//! A lenient, typed view of wizard data over the span-keeping JSON value.
//! Malformed parts (wrong JSON types) are simply absent here: the schema
//! check reports them, and the semantic rules check what is well-formed.

use crate::classes::ClassKind;
use aps_diag::Span;
use aps_json::{Member, Object, Value};
use std::collections::HashMap;

/// Placeholder for the application instance (the root resource).
pub const IDGLOBALS: &str = "idglobals";
/// Placeholder for the platform's numeric application id.
pub const IDOAID: &str = "idOAID";

/// A string value and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Text<'v> {
    pub value: &'v str,
    pub span: Span,
}

/// An integer value and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Int {
    pub value: i64,
    pub span: Span,
}

/// An `apsResources[]` entry or the `resellerProfile`.
#[derive(Debug)]
pub struct Profile<'v> {
    /// JSON pointer of the entry.
    pub pointer: String,
    pub reseller: bool,
    pub id: Option<Text<'v>>,
    pub type_: Option<Text<'v>>,
    pub aps_type: Option<Text<'v>>,
    pub fields: Option<&'v Object>,
    pub relations: Vec<RelationRef<'v>>,
}

impl Profile<'_> {
    /// `apsResources[2]` or `resellerProfile`, for messages.
    pub fn what(&self) -> String {
        display_pointer(self.pointer.strip_prefix("/defaults").unwrap_or(&self.pointer))
    }
}

/// One `relations` member: its name and the id(s) it points to.
#[derive(Debug)]
pub struct RelationRef<'v> {
    pub name: Text<'v>,
    pub targets: Vec<(String, Text<'v>)>,
}

/// A `resourceTypes[]` entry.
#[derive(Debug)]
pub struct ResourceType<'v> {
    pub index: usize,
    pub value: &'v Value,
    pub id: Option<Int>,
    pub name: Option<Text<'v>>,
    pub class: Option<Text<'v>>,
    pub required: Option<(bool, Span)>,
    pub act_params: Option<&'v Object>,
    /// `rtfor` beside `resClass`, where the wizard documentation puts it.
    pub rtfor: Option<Text<'v>>,
}

impl<'v> ResourceType<'v> {
    pub fn pointer(&self) -> String {
        format!("/defaults/resourceTypes/{}", self.index)
    }

    /// `resource type -500001 ("Name")`, for messages.
    pub fn what(&self) -> String {
        match (self.id, self.name) {
            (Some(id), Some(name)) => format!("resource type {} (\"{}\")", id.value, name.value),
            (Some(id), None) => format!("resource type {}", id.value),
            (None, Some(name)) => format!("resource type \"{}\"", name.value),
            (None, None) => format!("resourceTypes[{}]", self.index),
        }
    }

    /// Where to point when the finding is about the whole entry: its id, else its start.
    pub fn anchor(&self) -> Span {
        self.id.map(|i| i.span).unwrap_or_else(|| head(self.value))
    }

    pub fn param(&self, key: &str) -> Option<&'v Member> {
        self.act_params?.get_member(key)
    }

    pub fn param_str(&self, key: &str) -> Option<Text<'v>> {
        let m = self.param(key)?;
        Some(Text { value: m.value.as_str()?, span: m.value.span })
    }

    /// The standard profile type a link resource type is for: `rtfor` beside
    /// `resClass` (as documented), else inside `actParams` (as some packages write it).
    pub fn rtfor(&self) -> Option<Text<'v>> {
        self.rtfor.or_else(|| self.param_str("rtfor"))
    }

    pub fn class_name(&self) -> Option<&'v str> {
        self.class.map(|c| c.value)
    }

    /// Whether its `resClass` is a link (counted or not) to another application's resources.
    pub fn is_link(&self) -> bool {
        self.class_name()
            .and_then(crate::classes::class)
            .is_some_and(|c| matches!(c.kind, ClassKind::Link | ClassKind::CountedLink))
    }

    pub fn is_required(&self) -> bool {
        self.required.is_some_and(|(r, _)| r)
    }
}

/// The `serviceTemplate`.
#[derive(Debug)]
pub struct Template<'v> {
    pub value: &'v Value,
    pub id: Option<Int>,
    pub name: Option<Text<'v>>,
    pub entries: Vec<TemplateEntry<'v>>,
}

/// A `serviceTemplate.resources[]` entry.
#[derive(Debug)]
pub struct TemplateEntry<'v> {
    pub index: usize,
    pub rt_id: Option<Int>,
    pub limit: Option<&'v Member>,
    pub unlimited: Option<(bool, Span)>,
}

impl TemplateEntry<'_> {
    pub fn pointer(&self) -> String {
        format!("/defaults/serviceTemplate/resources/{}", self.index)
    }
}

/// The whole file.
#[derive(Debug)]
pub struct Wizard<'v> {
    pub root: &'v Value,
    pub configurable: Vec<Text<'v>>,
    pub app_id: Option<Text<'v>>,
    /// `apsResources[]` in order, then `resellerProfile`.
    pub profiles: Vec<Profile<'v>>,
    pub resource_types: Vec<ResourceType<'v>>,
    pub template: Option<Template<'v>>,
    /// Resource type id -> index of its first declaration.
    pub rt_index: HashMap<i64, usize>,
    /// Wizard resource id -> index (into `profiles`) of its first declaration.
    pub profile_index: HashMap<&'v str, usize>,
}

fn text(v: &Value) -> Option<Text<'_>> {
    Some(Text { value: v.as_str()?, span: v.span })
}

fn int(v: &Value) -> Option<Int> {
    let n = v.as_number()?;
    if !n.is_integer() {
        return None;
    }
    Some(Int { value: n.as_i64()?, span: v.span })
}

/// The first character of a value: where to point at an object or array
/// without underlining all of it.
pub fn head(v: &Value) -> Span {
    Span::new(v.span.start, (v.span.start + 1).min(v.span.end.max(v.span.start)))
}

impl<'v> Wizard<'v> {
    /// The `defaults.resourceTypes` member (key and array), for findings about the list as a whole.
    pub fn resource_types_member(&self) -> Option<&'v Member> {
        self.root.get("defaults").and_then(|d| d.as_object()).and_then(|d| d.get_member("resourceTypes"))
    }

    pub fn new(root: &'v Value) -> Wizard<'v> {
        let mut w = Wizard {
            root,
            configurable: Vec::new(),
            app_id: None,
            profiles: Vec::new(),
            resource_types: Vec::new(),
            template: None,
            rt_index: HashMap::new(),
            profile_index: HashMap::new(),
        };
        if let Some(list) = root.get("configurableProperties").and_then(Value::as_array) {
            w.configurable = list.iter().filter_map(text).collect();
        }
        let Some(defaults) = root.get("defaults").and_then(Value::as_object) else {
            return w;
        };
        w.app_id = defaults.get("appId").and_then(text);
        if let Some(list) = defaults.get("apsResources").and_then(Value::as_array) {
            for (i, v) in list.iter().enumerate() {
                if let Some(p) = profile(v, format!("/defaults/apsResources/{i}"), false) {
                    w.profiles.push(p);
                }
            }
        }
        if let Some(v) = defaults.get("resellerProfile") {
            if let Some(p) = profile(v, "/defaults/resellerProfile".into(), true) {
                w.profiles.push(p);
            }
        }
        if let Some(list) = defaults.get("resourceTypes").and_then(Value::as_array) {
            for (index, v) in list.iter().enumerate() {
                let Some(o) = v.as_object() else { continue };
                w.resource_types.push(ResourceType {
                    index,
                    value: v,
                    id: o.get("id").and_then(int),
                    name: o.get("name").and_then(text),
                    class: o.get("resClass").and_then(text),
                    required: o.get("required").and_then(|r| Some((r.as_bool()?, r.span))),
                    act_params: o.get("actParams").and_then(Value::as_object),
                    rtfor: o.get("rtfor").and_then(text),
                });
            }
        }
        if let Some(t) = defaults.get("serviceTemplate") {
            if let Some(o) = t.as_object() {
                let mut entries = Vec::new();
                if let Some(list) = o.get("resources").and_then(Value::as_array) {
                    for (index, v) in list.iter().enumerate() {
                        let Some(e) = v.as_object() else { continue };
                        entries.push(TemplateEntry {
                            index,
                            rt_id: e.get("rtID").and_then(int),
                            limit: e.get_member("limit"),
                            unlimited: e.get("unlimited").and_then(|u| Some((u.as_bool()?, u.span))),
                        });
                    }
                }
                w.template = Some(Template {
                    value: t,
                    id: o.get("id").and_then(int),
                    name: o.get("name").and_then(text),
                    entries,
                });
            }
        }
        for (i, rt) in w.resource_types.iter().enumerate() {
            if let Some(id) = rt.id {
                w.rt_index.entry(id.value).or_insert(i);
            }
        }
        for (i, p) in w.profiles.iter().enumerate() {
            if let Some(id) = p.id {
                w.profile_index.entry(id.value).or_insert(i);
            }
        }
        w
    }

    /// How many ids `--bind base=N` numbers: the distinct negative resource
    /// type ids and a negative template id.
    pub fn placeholder_id_count(&self) -> i64 {
        let types: std::collections::HashSet<i64> =
            self.resource_types.iter().filter_map(|r| r.id).map(|i| i.value).filter(|v| *v < 0).collect();
        let template = self.template.as_ref().and_then(|t| t.id).is_some_and(|i| i.value < 0);
        // Bounded by the file size, far below i64::MAX.
        types.len() as i64 + i64::from(template)
    }

    pub fn profile_by_id(&self, id: &str) -> Option<&Profile<'v>> {
        self.profile_index.get(id).map(|&i| &self.profiles[i])
    }
}

fn profile(v: &Value, pointer: String, reseller: bool) -> Option<Profile<'_>> {
    let o = v.as_object()?;
    let mut relations = Vec::new();
    if let Some(rels) = o.get("relations").and_then(Value::as_object) {
        for m in rels.iter() {
            let rel_pointer = format!("{pointer}/relations/{}", escape_token(&m.key));
            let targets = match &m.value.kind {
                aps_json::Kind::String(_) => text(&m.value).map(|t| vec![(rel_pointer.clone(), t)]),
                aps_json::Kind::Array(items) => Some(
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(i, item)| text(item).map(|t| (format!("{rel_pointer}/{i}"), t)))
                        .collect(),
                ),
                _ => None,
            };
            relations.push(RelationRef {
                name: Text { value: &m.key, span: m.key_span },
                targets: targets.unwrap_or_default(),
            });
        }
    }
    Some(Profile {
        pointer,
        reseller,
        id: o.get("id").and_then(text),
        type_: o.get("type").and_then(text),
        aps_type: o.get("apsType").and_then(text),
        fields: o.get("fields").and_then(Value::as_object),
        relations,
    })
}

/// RFC 6901 escaping of one pointer token.
pub use aps_json::schema::escape_token;

/// `/defaults/resourceTypes/0/id` -> `defaults.resourceTypes[0].id`, for messages.
pub fn display_pointer(pointer: &str) -> String {
    let mut out = String::new();
    for raw in pointer.split('/').skip(1) {
        let token = aps_json::schema::unescape_token(raw);
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{token}]"));
        } else if token.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
            && !token.is_empty()
        {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        } else {
            out.push_str(&format!("[{}]", serde_json::Value::String(token)));
        }
    }
    if out.is_empty() {
        "the top level".to_string()
    } else {
        out
    }
}

/// A string that looks like an APS resource id (a UUID).
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_display() {
        assert_eq!(display_pointer("/defaults/resourceTypes/0/id"), "defaults.resourceTypes[0].id");
        assert_eq!(display_pointer(""), "the top level");
        assert_eq!(display_pointer("/a~1b"), "[\"a/b\"]");
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("8e1d8a2c-3b0f-4c55-9a0e-2f0c9d1e7b11"));
        assert!(!is_uuid("idglobals"));
        assert!(!is_uuid("8e1d8a2c-3b0f-4c55-9a0e-2f0c9d1e7b1g"));
    }
}
