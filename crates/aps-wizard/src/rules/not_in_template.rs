use crate::lint::Cx;
use aps_diag::edit::Edit;
use aps_diag::{rule, Fix};
use std::collections::HashSet;

rule! { NOT_IN_TEMPLATE;
    //! ## What it does
    //! Warns about a resource type that the service template does not list.
    //!
    //! ## Why
    //! The wizard creates every resource type, but one in no template is
    //! sold nowhere: it is usually a leftover or a forgotten template entry.
    //!
    //! ## Example
    //! `resourceTypes` declares `-500004` and `serviceTemplate.resources` has
    //! no entry with `"rtID": -500004`.
    //!
    //! ## Fix
    //! Add it to the template (`"limit": 0` offers it without granting any),
    //! or remove it.

    pub(crate) struct NotInTemplate<'a> { pub what: &'a str, pub rt_id: i64 }
        => format!("{what} is in no service template"),
        help: format!(
            "add `{{ \"rtID\": {rt_id}, \"limit\": 0 }}` to the template, or remove the resource type"
        );
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
        let fix = template_entry(cx, t, id.value);
        let d = cx
            .diag(&NotInTemplate { what: &rt.what(), rt_id: id.value }, id.span)
            .with_label("not listed in `serviceTemplate.resources`")
            .with_fix_opt(fix);
        cx.report(d);
    }
}

/// A resource type no service template lists.
/// The fix of a resource type missing from the service template (here and WIZ131): an
/// entry after the last one, on its own line at the same indentation.
pub(crate) fn template_entry(cx: &Cx<'_, '_>, t: &crate::wizard::Template<'_>, id: i64) -> Option<Fix> {
    let resources = t.value.get("resources")?;
    let list = resources.as_array()?;
    let text = cx.file.text();
    let entry = format!("{{ \"rtID\": {id}, \"limit\": 1, \"unlimited\": false }}");
    let edit = match list.last() {
        Some(last) => Edit::insert(last.span.end, format!(",\n{}{entry}", indent_of(text, last.span.start))),
        None => Edit::insert(resources.span.start + 1, entry),
    };
    Some(Fix::edits(format!("Add resource type {id} to the service template"), cx.file, vec![edit]))
}

fn indent_of(text: &str, offset: usize) -> &str {
    let start = text.get(..offset).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let line = text.get(start..offset).unwrap_or("");
    &line[..line.len() - line.trim_start().len()]
}
