use crate::lint::Cx;
use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// Warns when a service template entry is `"unlimited": true` and also
    /// has a non-zero `limit`.
    ///
    /// ## Why
    /// With `unlimited` the platform ignores the limit. A non-zero limit next
    /// to it usually means one of the two was meant to go.
    ///
    /// ## Example
    /// ```json
    /// { "rtID": -500003, "limit": 10, "unlimited": true }
    /// ```
    ///
    /// ## Fix
    /// Set `"limit": 0` for an unlimited resource, or `"unlimited": false` to
    /// enforce the limit.
    pub static UNLIMITED_WITH_LIMIT = {
        code: "WIZ133", name: "unlimited-with-limit", group: "wizard",
        severity: Warning, summary: "unlimited resource with a non-zero limit",
    };
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
        let rt = e.rt_id.map(|i| format!(" of resource type {}", i.value)).unwrap_or_default();
        let d = cx
            .diag(
                &UNLIMITED_WITH_LIMIT,
                limit.value.span,
                format!("limit {n}{rt} is ignored: the entry is unlimited"),
            )
            .with_label("ignored")
            .with_secondary(cx.file, unlimited_span, "unlimited here")
            .with_help("set `\"limit\": 0`, or `\"unlimited\": false` to enforce the limit");
        cx.report(d);
    }
}
