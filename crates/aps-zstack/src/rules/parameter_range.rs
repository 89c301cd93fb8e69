use crate::lint::JsonFile;
use aps_diag::{rule, Diagnostic, Violation};
use aps_json::Object;

rule! { PARAMETER_RANGE;
    //! In `input.json`, a parameter's `min` is greater than its `max`, or its
    //! `default_value` lies outside `[min, max]`, or is not a number while bounds are set.
    //!
    //! **Why:** the deployment form would offer a default that the form itself rejects.
    //!
    //! **Example:** `"default_value": 1073741824, "min": 2147483648`.
    //!
    //! **Fix:** make the default lie within the bounds.

    impl ParameterRange<'_> {
        message: |v| match v {
            Self::MinAboveMax { label } => format!("`min` of {label} is greater than its `max`"),
            Self::DefaultNotNumber { label, found } => {
                format!("`default_value` of {label} is {found} but `min`/`max` are set")
            }
            Self::BelowMin { label } => format!("`default_value` of {label} is below its `min`"),
            Self::AboveMax { label } => format!("`default_value` of {label} is above its `max`"),
        },
        help: |v| match v {
            Self::MinAboveMax { .. } => "swap them, or correct one of them",
            Self::DefaultNotNumber { .. } => "write the default as a number",
            Self::BelowMin { .. } => "the form would propose a value it rejects; raise the default",
            Self::AboveMax { .. } => "the form would propose a value it rejects; lower the default",
        }
        .into(),
    }
}

/// `min`, `max` and `default_value` of a parameter (`label`: "`cpu`", "this parameter") that disagree.
pub enum ParameterRange<'a> {
    MinAboveMax { label: &'a str },
    DefaultNotNumber { label: &'a str, found: &'a str },
    BelowMin { label: &'a str },
    AboveMax { label: &'a str },
}

/// The numeric bounds of one parameter of input.json, and its default against them.
pub(crate) fn check(input: &JsonFile, obj: &Object, label: &str, diags: &mut Vec<Diagnostic>) {
    let file = &input.file;
    let min = obj.get_member("min").filter(|m| m.value.as_f64().is_some());
    let max = obj.get_member("max").filter(|m| m.value.as_f64().is_some());
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo.value.as_f64() > hi.value.as_f64() {
            diags.push(
                ParameterRange::MinAboveMax { label }
                    .diagnostic()
                    .at(file, lo.value.span)
                    .with_label("min")
                    .with_secondary(file, hi.value.span, "max"),
            );
        }
    }
    let Some(def) = obj.get_member("default_value") else { return };
    if min.is_none() && max.is_none() {
        return;
    }
    let Some(d) = def.value.as_f64() else {
        if !def.value.is_null() {
            let found = def.value.type_name();
            diags.push(
                ParameterRange::DefaultNotNumber { label, found }
                    .diagnostic()
                    .at(file, def.value.span)
                    .with_label("expected a number"),
            );
        }
        return;
    };
    let below = min.filter(|lo| lo.value.as_f64().is_some_and(|x| d < x));
    let above = max.filter(|hi| hi.value.as_f64().is_some_and(|x| d > x));
    for (bound, v, name) in [
        (below, ParameterRange::BelowMin { label }, "min"),
        (above, ParameterRange::AboveMax { label }, "max"),
    ] {
        if let Some(bound) = bound {
            diags.push(v.diagnostic().at(file, def.value.span).with_label("default").with_secondary(
                file,
                bound.value.span,
                name,
            ));
        }
    }
}
