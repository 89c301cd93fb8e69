//! Which type of NEW continues which type of OLD, and what changed in it.

use crate::jsondiff::{self, Leaf, Shape};
use crate::report::{Breaking, Change, Detail, MemberChange, MemberKind, TypeChange};
use crate::side::{Side, SideType};
use aps_model::TypeId;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};

/// How APS type schemas are read by the JSON diff.
pub const SCHEMA_SHAPE: Shape<'static> = Shape {
    maps: &["properties", "relations", "operations", "structures", "parameters", "access"],
    sets: &["implements"],
    false_by_default: &["required", "readonly", "final", "encrypted", "collection", "static"],
};

/// Every type that was added, removed or changed, sorted by id.
pub fn compare_types(old: &Side<'_>, new: &Side<'_>) -> Vec<TypeChange> {
    let pairs = pair_types(&old.types, &new.types);
    let mut out: Vec<TypeChange> = pairs
        .par_iter()
        .filter_map(|p| match *p {
            Pairing::Both(o, n) => compare_pair(&old.types[o], &new.types[n]),
            Pairing::OldOnly(o) => {
                let t = &old.types[o];
                let entirely = !new.types.iter().any(|n| same_base(t, n));
                Some(TypeChange {
                    id: t.id().to_string(),
                    change: Change::Removed,
                    old_id: Some(t.id().to_string()),
                    new_id: None,
                    service: t.service.clone(),
                    same_major: None,
                    removed_entirely: Some(entirely),
                    incompatible: false,
                    neutral_only: false,
                    members: Vec::new(),
                    old_schema: Some(t.schema.clone()),
                    new_schema: None,
                })
            }
            Pairing::NewOnly(n) => {
                let t = &new.types[n];
                Some(TypeChange {
                    id: t.id().to_string(),
                    change: Change::Added,
                    old_id: None,
                    new_id: Some(t.id().to_string()),
                    service: t.service.clone(),
                    same_major: None,
                    removed_entirely: None,
                    incompatible: false,
                    neutral_only: false,
                    members: Vec::new(),
                    old_schema: None,
                    new_schema: Some(t.schema.clone()),
                })
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id).then(a.change.cmp(&b.change)));
    out
}

fn same_base(a: &SideType, b: &SideType) -> bool {
    match (&a.type_id, &b.type_id) {
        (Some(x), Some(y)) => x.base == y.base,
        _ => a.id() == b.id(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pairing {
    Both(usize, usize),
    OldOnly(usize),
    NewOnly(usize),
}

/// Pair each OLD type with the NEW type that continues it: the same id,
/// else another version of the same base — the highest minor of the same
/// major, else the nearest newer version, else the highest remaining one.
/// Each NEW type continues at most one OLD type; newer OLD versions choose first.
fn pair_types(old: &[SideType], new: &[SideType]) -> Vec<Pairing> {
    let mut pairs = Vec::new();
    let mut new_used = vec![false; new.len()];
    let mut old_left = Vec::new();
    for (i, t) in old.iter().enumerate() {
        match new.binary_search_by(|n| n.id().cmp(t.id())) {
            Ok(j) => {
                new_used[j] = true;
                pairs.push(Pairing::Both(i, j));
            }
            Err(_) => old_left.push(i),
        }
    }
    // Newest first, so that `/1.1` rather than `/1.0` continues into `/1.2`.
    old_left.sort_by(|&a, &b| old[b].type_id.cmp(&old[a].type_id));
    for i in old_left {
        let Some(ot) = &old[i].type_id else {
            pairs.push(Pairing::OldOnly(i));
            continue;
        };
        let candidates: Vec<(usize, &TypeId)> = new
            .iter()
            .enumerate()
            .filter(|(j, _)| !new_used[*j])
            .filter_map(|(j, n)| n.type_id.as_ref().filter(|nt| nt.base == ot.base).map(|nt| (j, nt)))
            .collect();
        let pick = candidates
            .iter()
            .filter(|(_, nt)| nt.major == ot.major)
            .max_by_key(|(_, nt)| nt.minor)
            .or_else(|| {
                candidates
                    .iter()
                    .filter(|(_, nt)| (nt.major, nt.minor) > (ot.major, ot.minor))
                    .min_by_key(|(_, nt)| (nt.major, nt.minor))
            })
            .or_else(|| candidates.iter().max_by_key(|(_, nt)| (nt.major, nt.minor)))
            .map(|(j, _)| *j);
        match pick {
            Some(j) => {
                new_used[j] = true;
                pairs.push(Pairing::Both(i, j));
            }
            None => pairs.push(Pairing::OldOnly(i)),
        }
    }
    for (j, used) in new_used.iter().enumerate() {
        if !used {
            pairs.push(Pairing::NewOnly(j));
        }
    }
    pairs
}

fn compare_pair(o: &SideType, n: &SideType) -> Option<TypeChange> {
    let reversioned = o.id() != n.id();
    let leaves = match (&o.json, &n.json) {
        (Some(oj), Some(nj)) => jsondiff::diff(oj, nj, SCHEMA_SHAPE),
        _ => Vec::new(),
    };
    let leaves: Vec<Leaf> =
        leaves.into_iter().filter(|l| !(l.path.len() == 1 && l.path[0] == "id")).collect();
    if leaves.is_empty() && !reversioned {
        return None;
    }
    let mut details: Vec<(MemberKind, String, Change, Detail)> = leaves.iter().map(classify).collect();
    mark_renames(&mut details, &leaves);
    let members = group_members(details);
    let incompatible = members.iter().any(|m| m.incompatible);
    let neutral_only = !members.is_empty() && members.iter().all(|m| m.details.iter().all(|d| d.neutral));
    let same_major = match (&o.type_id, &n.type_id) {
        (Some(a), Some(b)) if reversioned => Some(a.same_major(b)),
        _ => None,
    };
    Some(TypeChange {
        id: n.id().to_string(),
        change: if reversioned { Change::Reversioned } else { Change::Changed },
        old_id: Some(o.id().to_string()),
        new_id: Some(n.id().to_string()),
        service: n.service.clone().or_else(|| o.service.clone()),
        same_major,
        removed_entirely: None,
        incompatible,
        neutral_only,
        members,
        old_schema: Some(o.schema.clone()),
        new_schema: Some(n.schema.clone()),
    })
}

const MEMBER_MAPS: &[(&str, MemberKind)] = &[
    ("properties", MemberKind::Property),
    ("relations", MemberKind::Relation),
    ("operations", MemberKind::Operation),
    ("structures", MemberKind::Structure),
];

fn member_of(path: &[String]) -> (MemberKind, String, bool) {
    if let Some((_, kind)) = MEMBER_MAPS.iter().find(|(k, _)| path.first().is_some_and(|p| p == k)) {
        if let Some(name) = path.get(1) {
            return (*kind, name.clone(), path.len() == 2);
        }
    }
    if path.first().is_some_and(|p| p == "implements") && path.len() == 2 {
        return (MemberKind::Implements, path[1].clone(), true);
    }
    (MemberKind::Attribute, path.first().cloned().unwrap_or_default(), path.len() == 1)
}

/// Is `path[i]` a name inside a map (rather than an attribute)?
fn is_name_at(path: &[String], i: usize) -> bool {
    i >= 1 && SCHEMA_SHAPE.maps.contains(&path[i - 1].as_str()) && !is_name_at(path, i - 1)
}

/// `a.b[]` for `properties/a/properties/b/items`, starting after the first map key.
fn nested_name(path: &[String]) -> String {
    let mut out = String::new();
    for (i, seg) in path.iter().enumerate() {
        if is_name_at(path, i) {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        } else if seg == "items" {
            out.push_str("[]");
        }
    }
    out
}

fn show(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "nothing".into(),
        Some(serde_json::Value::String(s)) => format!("`{s}`"),
        Some(v) => format!("`{v}`"),
    }
}

#[cfg(test)]
fn incompatibility(l: &Leaf) -> Option<String> {
    breaking(l).map(|(_, why)| why)
}

/// Why a difference breaks resources created with the old definition, if it does.
fn breaking(l: &Leaf) -> Option<(Breaking, String)> {
    let p = &l.path;
    let first = p.first()?.as_str();
    let last = p.last()?.as_str();
    let in_data = matches!(first, "properties" | "structures");
    // A definition disappeared.
    if l.is_removed() && is_name_at(p, p.len() - 1) {
        let top = |kind| Breaking::Removed { kind, nested: false };
        let nested = |kind| Breaking::Removed { kind, nested: true };
        return Some(match (first, p.len()) {
            ("properties", 2) => (top(MemberKind::Property), format!("property `{}` removed", p[1])),
            ("relations", 2) => (top(MemberKind::Relation), format!("relation `{}` removed", p[1])),
            ("operations", 2) => (top(MemberKind::Operation), format!("operation `{}` removed", p[1])),
            ("structures", 2) => (top(MemberKind::Structure), format!("structure `{}` removed", p[1])),
            ("properties", _) if p[p.len() - 2] == "properties" => {
                (nested(MemberKind::Property), format!("property `{}` removed", nested_name(p)))
            }
            ("structures", _) if p[p.len() - 2] == "properties" => (
                nested(MemberKind::Structure),
                format!("member `{}` of structure `{}` removed", nested_name(&p[2..]), p[1]),
            ),
            _ => return None,
        });
    }
    if last == "type" && !is_name_at(p, p.len() - 1) {
        let owner = &p[..p.len() - 1];
        if in_data {
            let name = if first == "structures" && owner.len() == 2 {
                format!("structure `{}`", p[1])
            } else if first == "structures" {
                format!("member `{}` of structure `{}`", nested_name(&owner[2..]), p[1])
            } else {
                format!("property `{}`", nested_name(owner))
            };
            return Some((
                Breaking::TypeChanged,
                format!("type of {name} changed from {} to {}", show(&l.old), show(&l.new)),
            ));
        }
        if first == "relations" && p.len() == 3 {
            let parse =
                |v: &Option<serde_json::Value>| v.as_ref().and_then(|v| v.as_str()).and_then(TypeId::parse);
            let compatible = matches!((parse(&l.old), parse(&l.new)), (Some(a), Some(b)) if b.satisfies(&a));
            if !compatible {
                return Some((
                    Breaking::Retargeted,
                    format!("relation `{}` now points at {} instead of {}", p[1], show(&l.new), show(&l.old)),
                ));
            }
        }
        return None;
    }
    let now_required =
        last == "required" && l.new == Some(serde_json::Value::Bool(true)) && !is_name_at(p, p.len() - 1);
    if now_required {
        let owner = &p[..p.len() - 1];
        if in_data && first == "properties" {
            return Some((
                Breaking::MadeRequired,
                format!("property `{}` made required", nested_name(owner)),
            ));
        }
        if in_data && owner.len() > 2 {
            return Some((
                Breaking::MadeRequired,
                format!("member `{}` of structure `{}` made required", nested_name(&owner[2..]), p[1]),
            ));
        }
        if first == "relations" && p.len() == 3 {
            return Some((Breaking::MadeRequired, format!("relation `{}` made required", p[1])));
        }
    }
    None
}

fn is_cosmetic(p: &[String]) -> bool {
    p.last().is_some_and(|k| k == "title" || k == "description") && !is_name_at(p, p.len() - 1)
}

/// A relation pointed at a newer minor version of the type it pointed at:
/// APS resolved the old reference to that version already.
fn is_reference_refresh(l: &Leaf) -> bool {
    let p = &l.path;
    let parse = |v: &Option<serde_json::Value>| v.as_ref().and_then(|v| v.as_str()).and_then(TypeId::parse);
    p.len() == 3
        && p[0] == "relations"
        && p[2] == "type"
        && matches!((parse(&l.old), parse(&l.new)), (Some(a), Some(b)) if b.satisfies(&a))
}

fn classify(l: &Leaf) -> (MemberKind, String, Change, Detail) {
    let (kind, name, whole) = member_of(&l.path);
    let change = if whole && l.is_added() {
        Change::Added
    } else if whole && l.is_removed() {
        Change::Removed
    } else {
        Change::Changed
    };
    let (breaking, incompatible) = match breaking(l) {
        Some((b, why)) => (Some(b), Some(why)),
        None => (None, None),
    };
    let detail = Detail {
        pointer: l.pointer(),
        old: l.old.clone(),
        new: l.new.clone(),
        incompatible,
        breaking,
        neutral: is_cosmetic(&l.path) || is_reference_refresh(l),
        old_at: l.old_at,
        new_at: l.new_at,
    };
    (kind, name, change, detail)
}

/// A property or relation removed while one with the same definition was
/// added under another name is probably a rename; say so.
fn mark_renames(details: &mut [(MemberKind, String, Change, Detail)], leaves: &[Leaf]) {
    let mut used = HashSet::new();
    for (i, l) in leaves.iter().enumerate() {
        if !(l.path.len() == 2 && l.is_removed()) {
            continue;
        }
        let Some(old) = &l.old else { continue };
        let twin = leaves.iter().enumerate().find(|(j, a)| {
            !used.contains(j)
                && a.path.len() == 2
                && a.path[0] == l.path[0]
                && a.new.as_ref() == Some(old)
                && a.old.is_none()
        });
        if let Some((j, a)) = twin {
            used.insert(j);
            if let Some(reason) = &mut details[i].3.incompatible {
                reason.push_str(&format!(" (renamed to `{}`?)", a.path[1]));
            }
        }
    }
}

fn group_members(details: Vec<(MemberKind, String, Change, Detail)>) -> Vec<MemberChange> {
    let mut groups: BTreeMap<(MemberKind, String), MemberChange> = BTreeMap::new();
    for (kind, name, change, detail) in details {
        let m = groups.entry((kind, name.clone())).or_insert_with(|| MemberChange {
            kind,
            name,
            change,
            incompatible: false,
            details: Vec::new(),
        });
        if m.change != change {
            m.change = Change::Changed;
        }
        m.incompatible |= detail.incompatible.is_some();
        m.details.push(detail);
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsondiff::At;
    use aps_diag::Span;

    fn leaf(path: &[&str], old: Option<serde_json::Value>, new: Option<serde_json::Value>) -> Leaf {
        let at = At { span: Span::new(0, 0), exact: true };
        Leaf { path: path.iter().map(|s| s.to_string()).collect(), old, new, old_at: at, new_at: at }
    }

    #[test]
    fn incompatible_changes_are_named() {
        use serde_json::json;
        let cases = [
            (leaf(&["properties", "size"], Some(json!({})), None), Some("property `size` removed")),
            (leaf(&["relations", "owner"], Some(json!({})), None), Some("relation `owner` removed")),
            (leaf(&["operations", "reset"], Some(json!({})), None), Some("operation `reset` removed")),
            (
                leaf(&["properties", "size", "type"], Some(json!("string")), Some(json!("integer"))),
                Some("type of property `size` changed from `string` to `integer`"),
            ),
            (
                leaf(&["properties", "addr", "properties", "zip"], Some(json!({})), None),
                Some("property `addr.zip` removed"),
            ),
            (
                leaf(&["properties", "tags", "items", "type"], Some(json!("string")), Some(json!("integer"))),
                Some("type of property `tags[]` changed from `string` to `integer`"),
            ),
            (
                leaf(&["properties", "size", "required"], None, Some(json!(true))),
                Some("property `size` made required"),
            ),
            (
                leaf(&["relations", "owner", "required"], None, Some(json!(true))),
                Some("relation `owner` made required"),
            ),
            (
                leaf(&["structures", "Limits", "properties", "max"], Some(json!({})), None),
                Some("member `max` of structure `Limits` removed"),
            ),
            (
                leaf(
                    &["relations", "owner", "type"],
                    Some(json!("http://x/a/1.0")),
                    Some(json!("http://x/a/1.2")),
                ),
                None,
            ),
            (
                leaf(
                    &["relations", "owner", "type"],
                    Some(json!("http://x/a/1.2")),
                    Some(json!("http://x/a/2.0")),
                ),
                Some("relation `owner` now points at `http://x/a/2.0` instead of `http://x/a/1.2`"),
            ),
            // Compatible: additions, loosening, texts.
            (leaf(&["properties", "size"], None, Some(json!({}))), None),
            (leaf(&["properties", "size", "required"], Some(json!(true)), None), None),
            (leaf(&["properties", "size", "title"], Some(json!("a")), Some(json!("b"))), None),
            // A property named `type` is a name, not an attribute.
            (leaf(&["properties", "type"], None, Some(json!({}))), None),
        ];
        for (l, want) in cases {
            assert_eq!(incompatibility(&l).as_deref(), want, "{}", l.pointer());
        }
        assert!(is_cosmetic(&["properties".into(), "a".into(), "description".into()]));
        assert!(!is_cosmetic(&["properties".into(), "description".into()]));
    }
}
