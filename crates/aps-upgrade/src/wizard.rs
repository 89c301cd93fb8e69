//! Wizard data (`scripts/wizard_data.json`): resource types matched by `id`,
//! service template entries matched by `rtID`.

use crate::report::{Change, FieldChange, ResourceTypeChange, TemplateEntryChange, WizardChanges};
use crate::side::WizardDoc;
use aps_diag::Span;
use aps_json::{Object, Value};
use std::collections::BTreeMap;

/// `actParams` keys that say what a resource type provisions: changing one
/// points existing subscriptions' resources at something else.
pub const TARGET_PARAMS: &[&str] = &["service_id", "resource_id", "resource_uid", "app_id"];

/// A `resourceTypes[]` entry with the spans the rules point at.
#[derive(Debug, Clone)]
pub struct ResourceTypeEntry<'v> {
    pub id_span: Span,
    pub object: &'v Object,
}

impl<'v> ResourceTypeEntry<'v> {
    pub fn str_field(&self, key: &str) -> Option<&'v str> {
        self.object.get(key).and_then(Value::as_str)
    }
    pub fn act_params(&self) -> Option<&'v Object> {
        self.object.get("actParams").and_then(Value::as_object)
    }
    /// The member `key` or `actParams.key`, with its value.
    pub fn member(&self, field: &str) -> Option<&'v aps_json::Member> {
        match field.strip_prefix("actParams.") {
            Some(k) => self.act_params()?.get_member(k),
            None => self.object.get_member(field),
        }
    }
}

/// `defaults.resourceTypes[]` entries that have an integer `id` (the first
/// of duplicates; duplicates are the wizard checks' business).
pub fn resource_types(doc: &WizardDoc) -> BTreeMap<i64, ResourceTypeEntry<'_>> {
    let mut out = BTreeMap::new();
    let list = doc.root.get("defaults").and_then(|d| d.get("resourceTypes")).and_then(Value::as_array);
    for v in list.unwrap_or(&[]) {
        let Some(o) = v.as_object() else { continue };
        let Some(idv) = o.get_member("id") else { continue };
        let Some(id) = idv.value.as_i64() else { continue };
        out.entry(id).or_insert(ResourceTypeEntry { id_span: idv.value.span, object: o });
    }
    out
}

fn template_entries(doc: &WizardDoc) -> BTreeMap<i64, &Object> {
    let mut out = BTreeMap::new();
    let list = doc
        .root
        .get("defaults")
        .and_then(|d| d.get("serviceTemplate"))
        .and_then(|t| t.get("resources"))
        .and_then(Value::as_array);
    for v in list.unwrap_or(&[]) {
        let Some(o) = v.as_object() else { continue };
        let Some(id) = o.get("rtID").and_then(Value::as_i64) else { continue };
        out.entry(id).or_insert(o);
    }
    out
}

/// A value as text for the report: strings bare, everything else as JSON.
pub fn value_text(v: &Value) -> String {
    match v.as_str() {
        Some(s) => s.to_string(),
        None => serde_json::to_string(&v.to_serde()).unwrap_or_default(),
    }
}

fn field_changes(
    old: Option<&Object>,
    new: Option<&Object>,
    keys: &[String],
    prefix: &str,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for k in keys {
        let o = old.and_then(|o| o.get(k)).filter(|v| !v.is_null());
        let n = new.and_then(|o| o.get(k)).filter(|v| !v.is_null());
        let differs = match (o, n) {
            (Some(a), Some(b)) => a.to_serde() != b.to_serde(),
            (None, None) => false,
            _ => true,
        };
        if differs {
            out.push(FieldChange {
                field: format!("{prefix}{k}"),
                old: o.map(Value::to_serde),
                new: n.map(Value::to_serde),
            });
        }
    }
    out
}

/// Union of the keys of two objects: `new`'s order, then keys only `old` has.
fn keys_of(old: Option<&Object>, new: Option<&Object>, skip: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for o in [new, old].into_iter().flatten() {
        for k in o.keys() {
            if !skip.contains(&k) && !keys.iter().any(|x| x == k) {
                keys.push(k.to_string());
            }
        }
    }
    keys
}

pub fn compare(old: Option<&WizardDoc>, new: Option<&WizardDoc>) -> WizardChanges {
    let mut out =
        WizardChanges { old_present: old.is_some(), new_present: new.is_some(), ..Default::default() };
    let empty = BTreeMap::new();
    let old_rt = old.map(resource_types).unwrap_or_default();
    let new_rt = new.map(resource_types).unwrap_or_default();
    let ids: std::collections::BTreeSet<i64> = old_rt.keys().chain(new_rt.keys()).copied().collect();
    for id in ids {
        let (o, n) = (old_rt.get(&id), new_rt.get(&id));
        let name = n.or(o).and_then(|e| e.str_field("name")).map(str::to_string);
        match (o, n) {
            (Some(o), Some(n)) => {
                let top = keys_of(Some(o.object), Some(n.object), &["id", "actParams"]);
                let mut fields = field_changes(Some(o.object), Some(n.object), &top, "");
                let params = keys_of(o.act_params(), n.act_params(), &[]);
                fields.extend(field_changes(o.act_params(), n.act_params(), &params, "actParams."));
                if !fields.is_empty() {
                    out.resource_types.push(ResourceTypeChange { id, name, change: Change::Changed, fields });
                }
            }
            (Some(_), None) => out.resource_types.push(ResourceTypeChange {
                id,
                name,
                change: Change::Removed,
                fields: Vec::new(),
            }),
            (None, Some(_)) => out.resource_types.push(ResourceTypeChange {
                id,
                name,
                change: Change::Added,
                fields: Vec::new(),
            }),
            (None, None) => {}
        }
    }
    let old_te = old.map(template_entries).unwrap_or_else(|| empty.clone());
    let new_te = new.map(template_entries).unwrap_or(empty);
    let ids: std::collections::BTreeSet<i64> = old_te.keys().chain(new_te.keys()).copied().collect();
    for rt_id in ids {
        let (o, n) = (old_te.get(&rt_id).copied(), new_te.get(&rt_id).copied());
        let change = match (o, n) {
            (Some(_), Some(_)) => Change::Changed,
            (Some(_), None) => Change::Removed,
            _ => Change::Added,
        };
        let fields = if change == Change::Changed {
            field_changes(o, n, &keys_of(o, n, &["rtID"]), "")
        } else {
            Vec::new()
        };
        if change != Change::Changed || !fields.is_empty() {
            out.template_entries.push(TemplateEntryChange { rt_id, change, fields });
        }
    }
    out
}
