use crate::lint::Cx;
use aps_diag::rule;

rule! { INVALID_LIMIT;
    //! ## What it does
    //! Reports a service template `limit` that is not a non-negative integer.
    //!
    //! ## Why
    //! Limits are counts of resources (or of counter units). The platform
    //! rejects fractions and strings; a negative number is not "unlimited"
    //! in wizard data — `"unlimited": true` is.
    //!
    //! ## Example
    //! ```json
    //! { "rtID": -500003, "limit": -1 }
    //! ```
    //!
    //! ## Fix
    //! Use a whole number ≥ 0, or `"unlimited": true` for no limit.

    /// A service template limit that is not a whole number ≥ 0.
    pub(crate) struct InvalidLimit<'a> {
        /// The entry's resource type, when it names one.
        pub rt_id: Option<i64>,
        pub problem: LimitProblem<'a>,
    } => {
        let rt = rt_id.map(|i| format!(" of resource type {i}")).unwrap_or_default();
        match problem {
            LimitProblem::Negative(raw) => format!("limit{rt} is {raw}, a negative number"),
            LimitProblem::OutOfRange(raw) => format!("limit{rt} {raw} is out of range"),
            LimitProblem::NotWhole(raw) => format!("limit{rt} is {raw}, not a whole number"),
            LimitProblem::NotNumber(value) => format!("limit{rt} is {}, not a number", describe(value)),
        }
    },
        help: match problem {
            LimitProblem::Negative(_) => "for no limit write `\"unlimited\": true` (and `\"limit\": 0`)",
            LimitProblem::OutOfRange(_) => "use a smaller whole number",
            LimitProblem::NotWhole(_) => "use a whole number ≥ 0",
            LimitProblem::NotNumber(_) => "write the limit as a JSON number without quotes",
        }
        .into();
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    let w = cx.w;
    let Some(t) = &w.template else { return };
    for e in &t.entries {
        let Some(limit) = e.limit else { continue };
        let v = &limit.value;
        let problem = match v.as_number() {
            Some(n) if n.is_integer() && n.as_i64().is_some_and(|x| x >= 0) => continue,
            Some(n) if n.is_integer() && n.as_i64().is_some_and(|x| x < 0) => LimitProblem::Negative(&n.raw),
            Some(n) if n.is_integer() || !n.as_f64().is_some_and(f64::is_finite) => {
                LimitProblem::OutOfRange(&n.raw)
            }
            Some(n) => LimitProblem::NotWhole(&n.raw),
            None => LimitProblem::NotNumber(v),
        };
        cx.report_at(
            &InvalidLimit { rt_id: e.rt_id.map(|i| i.value), problem },
            v.span,
            "expected a whole number ≥ 0",
        );
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

/// What is wrong with the limit (numbers as written).
pub(crate) enum LimitProblem<'a> {
    Negative(&'a str),
    OutOfRange(&'a str),
    NotWhole(&'a str),
    NotNumber(&'a aps_json::Value),
}
