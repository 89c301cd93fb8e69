use crate::lint::Cx;
use aps_diag::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a service template `limit` that is not a non-negative integer.
    ///
    /// ## Why
    /// Limits are counts of resources (or of counter units). The platform
    /// rejects fractions and strings; a negative number is not "unlimited"
    /// in wizard data — `"unlimited": true` is.
    ///
    /// ## Example
    /// ```json
    /// { "rtID": -500003, "limit": -1 }
    /// ```
    ///
    /// ## Fix
    /// Use a whole number ≥ 0, or `"unlimited": true` for no limit.
    pub static INVALID_LIMIT = {
        code: "WIZ132", name: "invalid-limit", group: "wizard",
        severity: Error, summary: "service template limit is not a non-negative integer",
    };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let Some(t) = &w.template else { return };
    for e in &t.entries {
        let Some(limit) = e.limit else { continue };
        let v = &limit.value;
        let rt = e.rt_id.map(|i| format!(" of resource type {}", i.value)).unwrap_or_default();
        let (message, help) = match v.as_number() {
            Some(n) if n.is_integer() && n.as_i64().is_some_and(|x| x >= 0) => continue,
            Some(n) if n.is_integer() && n.as_i64().is_some_and(|x| x < 0) => (
                format!("limit{rt} is {}, a negative number", n.raw),
                "for no limit write `\"unlimited\": true` (and `\"limit\": 0`)".to_string(),
            ),
            Some(n) if n.is_integer() => {
                (format!("limit{rt} {} is out of range", n.raw), "use a smaller whole number".to_string())
            }
            Some(n) if !n.as_f64().is_some_and(f64::is_finite) => {
                (format!("limit{rt} {} is out of range", n.raw), "use a smaller whole number".to_string())
            }
            Some(n) => {
                (format!("limit{rt} is {}, not a whole number", n.raw), "use a whole number ≥ 0".to_string())
            }
            None => (
                format!("limit{rt} is {}, not a number", describe(v)),
                "write the limit as a JSON number without quotes".to_string(),
            ),
        };
        let d = cx
            .diag(&INVALID_LIMIT, v.span, message)
            .with_label("expected a whole number ≥ 0")
            .with_help(help);
        cx.report(d);
    }
}

/// `the string "2000"`, `null`, `an object`.
fn describe(v: &aps_json::Value) -> String {
    match &v.kind {
        aps_json::Kind::String(s) => format!("the string {}", serde_json::Value::String(s.clone())),
        aps_json::Kind::Bool(b) => format!("`{b}`"),
        aps_json::Kind::Null => "`null`".into(),
        _ => format!("an {}", v.type_name()),
    }
}
