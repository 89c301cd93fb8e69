use aps_diag::rule;

rule! { DUPLICATE_SERVICE_ID;
    //! Reports a `<service id>` used more than once.
    //!
    //! ## Why
    //! Service ids name the endpoints and the wizard's `service_id` references; the controller refuses
    //! duplicates.
    //!
    //! ## Example
    //! ```xml
    //! <service id="apps">…</service>
    //! <service id="apps">…</service>
    //! ```
    //!
    //! ## Fix
    //! Rename one of them.

    /// A service id used a second time.
    pub(crate) struct DuplicateServiceId<'a> { pub id: &'a str }
        => format!("service id `{id}` is used twice"),
        help: "give each service its own id".into();
}

use crate::lint::Cx;
use aps_diag::{Diagnostic, Violation};
use std::collections::HashMap;

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, aps_diag::Span> = HashMap::new();
    for s in &cx.meta.services {
        let Some(id) = &s.id else { continue };
        match first.get(id.value.as_str()) {
            Some(prev) => {
                let d = DuplicateServiceId { id: &id.value }
                    .diagnostic()
                    .at(cx.file(), id.span)
                    .with_label("second service with this id");
                out.push(crate::related(d, cx.file(), id.span, *prev, "first used here"));
            }
            None => {
                first.insert(&id.value, id.span);
            }
        }
    }
}
