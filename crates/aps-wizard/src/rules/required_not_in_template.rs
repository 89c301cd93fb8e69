use crate::lint::Cx;
use aps_diag::rule;
use std::collections::HashSet;

rule! { REQUIRED_NOT_IN_TEMPLATE;
    //! ## What it does
    //! Reports a resource type marked `"required": true` that the service
    //! template does not list.
    //!
    //! ## Why
    //! "Required" means every service template built from this data must
    //! contain the resource type; the default template itself breaking the
    //! rule fails the wizard's final step.
    //!
    //! ## Example
    //! The application reference `-500001` is `required` but
    //! `serviceTemplate.resources` lists only `-500002`.
    //!
    //! ## Fix
    //! Add `{ "rtID": <id>, "limit": 1 }` to the template, or drop `required`.

    /// A required resource type the service template does not list.
    pub(crate) struct RequiredNotInTemplate<'a> { pub what: &'a str, pub rt_id: i64 }
        => format!("{what} is required but not in the service template"),
        help: format!("add `{{ \"rtID\": {rt_id}, \"limit\": 1 }}` to `serviceTemplate.resources`");
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let Some(t) = &w.template else { return };
    let listed: HashSet<i64> = t.entries.iter().filter_map(|e| e.rt_id).map(|i| i.value).collect();
    for rt in &w.resource_types {
        let (Some(id), Some((true, span))) = (rt.id, rt.required) else { continue };
        if listed.contains(&id.value) {
            continue;
        }
        let fix = super::not_in_template::template_entry(cx, t, id.value);
        let d = cx
            .diag(&RequiredNotInTemplate { what: &rt.what(), rt_id: id.value }, span)
            .with_label("required here")
            .with_fix_opt(fix);
        cx.report(d);
    }
}
