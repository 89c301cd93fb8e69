use crate::lint::Cx;
use crate::wizard::{IDGLOBALS, IDOAID};
use aps_diag::{rule, Span};
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::Hash;

rule! { DUPLICATE_ID;
    //! ## What it does
    //! Reports two wizard resources (`apsResources[]`, `resellerProfile`)
    //! with the same `id`, two resource types with the same `id`, and a
    //! wizard resource whose id is a placeholder (`idglobals`, `idOAID`).
    //!
    //! ## Why
    //! Ids are how the parts of the wizard data refer to each other: a
    //! service template entry names a resource type by `rtID`, a link names
    //! a profile by its id. With two items under one id, references resolve
    //! to whichever the platform happens to pick.
    //!
    //! ## Example
    //! ```json
    //! "resourceTypes": [
    //!   { "id": -500001, "name": "App reference", … },
    //!   { "id": -500001, "name": "Tenant", … }
    //! ]
    //! ```
    //!
    //! ## Fix
    //! Give each item its own id, and update the references to it.

    /// An id used twice, or a reserved one.
    pub(crate) enum DuplicateId<'a> {
        Reserved { what: &'a str, id: &'a str } => format!("{what} uses the reserved id `{id}`"),
            help: "choose another id: references to this one would resolve to the placeholder".into();
        Resource { id: &'a str } => format!("wizard resource id `{id}` is used twice"),
            help: "give each wizard resource its own id".into();
        ResourceType { id: i64 } => format!("resource type id {id} is used twice"),
            help: "give each resource type its own id and update the `rtID`s that refer to it".into();
    }
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let mut first_profile = HashMap::new();
    for p in &w.profiles {
        let Some(id) = p.id else { continue };
        if id.value == IDGLOBALS || id.value == IDOAID {
            cx.report_at(
                &DuplicateId::Reserved { what: &p.what(), id: id.value },
                id.span,
                "reserved placeholder",
            );
            continue;
        }
        if let Some(first) = first_use(&mut first_profile, id.value, id.span) {
            report_second_use(cx, &DuplicateId::Resource { id: id.value }, id.span, first);
        }
    }
    let mut first_rt = HashMap::new();
    for rt in &w.resource_types {
        let Some(id) = rt.id else { continue };
        if let Some(first) = first_use(&mut first_rt, id.value, id.span) {
            report_second_use(cx, &DuplicateId::ResourceType { id: id.value }, id.span, first);
        }
    }
}

/// Where `key` was seen first, or `None` when this (at `span`) is its first use.
fn first_use<K: Eq + Hash>(seen: &mut HashMap<K, Span>, key: K, span: Span) -> Option<Span> {
    match seen.entry(key) {
        Entry::Occupied(first) => Some(*first.get()),
        Entry::Vacant(slot) => {
            slot.insert(span);
            None
        }
    }
}

/// Reports `v`, a second use at `span`, pointing at the `first`.
fn report_second_use(cx: &mut Cx<'_, '_>, v: &DuplicateId<'_>, span: Span, first: Span) {
    let d = cx.diag(v, span).with_label("second use").with_secondary(cx.file, first, "first used here");
    cx.report(d);
}
