use crate::lint::Cx;
use crate::wizard::{IDGLOBALS, IDOAID};
use aps_diag::rule;
use std::collections::HashMap;

rule! {
    /// ## What it does
    /// Reports two wizard resources (`apsResources[]`, `resellerProfile`)
    /// with the same `id`, two resource types with the same `id`, and a
    /// wizard resource whose id is a placeholder (`idglobals`, `idOAID`).
    ///
    /// ## Why
    /// Ids are how the parts of the wizard data refer to each other: a
    /// service template entry names a resource type by `rtID`, a link names
    /// a profile by its id. With two items under one id, references resolve
    /// to whichever the platform happens to pick.
    ///
    /// ## Example
    /// ```json
    /// "resourceTypes": [
    ///   { "id": -500001, "name": "App reference", … },
    ///   { "id": -500001, "name": "Tenant", … }
    /// ]
    /// ```
    ///
    /// ## Fix
    /// Give each item its own id, and update the references to it.
    pub static DUPLICATE_ID: "WIZ101" "duplicate-wizard-id" wizard Error "two wizard items share an id";

    impl DuplicateId<'_> {
        message: |v| match v {
            Self::Reserved { what, id } => format!("{what} uses the reserved id `{id}`"),
            Self::Resource { id } => format!("wizard resource id `{id}` is used twice"),
            Self::ResourceType { id } => format!("resource type id {id} is used twice"),
        },
        help: |v| match v {
            Self::Reserved { .. } => {
                "choose another id: references to this one would resolve to the placeholder"
            }
            Self::Resource { .. } => "give each wizard resource its own id",
            Self::ResourceType { .. } => {
                "give each resource type its own id and update the `rtID`s that refer to it"
            }
        }
        .into(),
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
        if let Some(&first) = first_profile.get(id.value) {
            let d = cx
                .diag(&DuplicateId::Resource { id: id.value }, id.span)
                .with_label("second use")
                .with_secondary(cx.file, first, "first used here");
            cx.report(d);
        } else {
            first_profile.insert(id.value, id.span);
        }
    }
    let mut first_rt = HashMap::new();
    for rt in &w.resource_types {
        let Some(id) = rt.id else { continue };
        if let Some(&first) = first_rt.get(&id.value) {
            let d = cx
                .diag(&DuplicateId::ResourceType { id: id.value }, id.span)
                .with_label("second use")
                .with_secondary(cx.file, first, "first used here");
            cx.report(d);
        } else {
            first_rt.insert(id.value, id.span);
        }
    }
}

/// An id used twice, or a reserved one.
pub(crate) enum DuplicateId<'a> {
    /// A wizard resource uses `idglobals` or `idOAID` as its id.
    Reserved { what: &'a str, id: &'a str },
    /// A wizard resource id used before.
    Resource { id: &'a str },
    /// A resource type id used before.
    ResourceType { id: i64 },
}
