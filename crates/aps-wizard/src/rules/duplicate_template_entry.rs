use crate::lint::Cx;
use aps_diag::rule;
use std::collections::HashMap;

rule! { DUPLICATE_TEMPLATE_ENTRY;
    //! ## What it does
    //! Reports a resource type listed twice in `serviceTemplate.resources`.
    //!
    //! ## Why
    //! A service template holds each resource type once, with one limit. The
    //! platform rejects the second entry or keeps one of the two limits.
    //!
    //! ## Example
    //! ```json
    //! "resources": [ { "rtID": -500002, "limit": 1 }, { "rtID": -500002, "limit": 5 } ]
    //! ```
    //!
    //! ## Fix
    //! Keep one entry with the intended limit.

    /// A resource type listed a second time in the service template.
    pub(crate) struct DuplicateTemplateEntry { pub rt_id: i64 }
        => format!("resource type {rt_id} is listed twice in the service template"),
        help: "keep one entry with the intended limit".into();
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let Some(t) = &w.template else { return };
    let mut first = HashMap::new();
    for e in &t.entries {
        let Some(id) = e.rt_id else { continue };
        if let Some(&span) = first.get(&id.value) {
            let d = cx
                .diag(&DuplicateTemplateEntry { rt_id: id.value }, id.span)
                .with_label("second entry")
                .with_secondary(cx.file, span, "first entry");
            cx.report(d);
        } else {
            first.insert(id.value, id.span);
        }
    }
}
