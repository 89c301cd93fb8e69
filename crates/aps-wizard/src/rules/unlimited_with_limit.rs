use crate::lint::Cx;
use aps_diag::rule;

rule! { UNLIMITED_WITH_LIMIT;
    //! ## What it does
    //! Warns when a service template entry is `"unlimited": true` and also
    //! has a non-zero `limit`.
    //!
    //! ## Why
    //! With `unlimited` the platform ignores the limit. A non-zero limit next
    //! to it usually means one of the two was meant to go.
    //!
    //! ## Example
    //! ```json
    //! { "rtID": -500003, "limit": 10, "unlimited": true }
    //! ```
    //!
    //! ## Fix
    //! Set `"limit": 0` for an unlimited resource, or `"unlimited": false` to
    //! enforce the limit.

    /// A positive limit on an unlimited service template entry.
    pub(crate) struct UnlimitedWithLimit { pub limit: i64, pub rt_id: Option<i64> } => {
        let rt = rt_id.map(|i| format!(" of resource type {i}")).unwrap_or_default();
        format!("limit {limit}{rt} is ignored: the entry is unlimited")
    },
        help: "set `\"limit\": 0`, or `\"unlimited\": false` to enforce the limit".into();
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let Some(t) = &w.template else { return };
    for e in &t.entries {
        let (Some((true, unlimited_span)), Some(limit)) = (e.unlimited, e.limit) else { continue };
        let Some(n) = limit.value.as_i64() else { continue };
        if n <= 0 {
            continue;
        }
        let d = cx
            .diag(&UnlimitedWithLimit { limit: n, rt_id: e.rt_id.map(|i| i.value) }, limit.value.span)
            .with_label("ignored")
            .with_secondary(cx.file, unlimited_span, "unlimited here");
        cx.report(d);
    }
}
