use crate::lint::Cx;
use aps_diag::{declare_rule, violation};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// Warns about a resource type that the service template does not list.
    ///
    /// ## Why
    /// The wizard creates every resource type, but one in no template is
    /// sold nowhere: it is usually a leftover or a forgotten template entry.
    ///
    /// ## Example
    /// `resourceTypes` declares `-500004` and `serviceTemplate.resources` has
    /// no entry with `"rtID": -500004`.
    ///
    /// ## Fix
    /// Add it to the template (`"limit": 0` offers it without granting any),
    /// or remove it.
    pub static NOT_IN_TEMPLATE = {
        code: "WIZ134", name: "resource-type-not-in-template", group: "wizard",
        severity: Warning, summary: "resource type is in no service template",
    };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let Some(t) = &w.template else { return };
    let listed: HashSet<i64> = t.entries.iter().filter_map(|e| e.rt_id).map(|i| i.value).collect();
    for rt in &w.resource_types {
        let Some(id) = rt.id else { continue };
        // A required one missing is the error WIZ131.
        if listed.contains(&id.value) || rt.is_required() {
            continue;
        }
        cx.report_at(
            &NotInTemplate { what: &rt.what(), rt_id: id.value },
            id.span,
            "not listed in `serviceTemplate.resources`",
        );
    }
}

/// A resource type no service template lists.
pub(crate) struct NotInTemplate<'a> {
    pub what: &'a str,
    pub rt_id: i64,
}

violation! { NotInTemplate<'_> => NOT_IN_TEMPLATE,
    message: |v| format!("{} is in no service template", v.what),
    help: |v| format!(
        "add `{{ \"rtID\": {}, \"limit\": 0 }}` to the template, or remove the resource type",
        v.rt_id
    ),
}
