use crate::classes::{self, UnitFamily};
use crate::context::Property;
use crate::lint::Cx;
use crate::wizard::ResourceType;
use aps_diag::{rule, Span};

rule! { COUNTER_UNIT_MISMATCH;
    //! ## What it does
    //! With the package known, checks that the `unit` of the counter a
    //! counter resource type names fits its resource class:
    //!
    //! | class | unit | additive |
    //! |---|---|---|
    //! | `rc.saas.resource` | kb, mb, gb (measured in KB) | no |
    //! | `rc.saas.resource.unit` | unit, item | no |
    //! | `rc.saas.resource.mhz` | mhz | no |
    //! | `rc.saas.resource.kbps` | kbps | no |
    //! | `rc.saas.resource.mbh` | mb-h | yes |
    //! | `rc.saas.resource.unith` | unit-h | yes |
    //! | `rc.saas.resource.mhzh` | mhzh | yes |
    //! | `rc.saas.resource.kba` | kb, accumulated | yes |
    //! | `rc.saas.resource.kbpsh` | kbps-h | yes |
    //!
    //! ## Why
    //! The class fixes how the platform interprets and bills the counter's
    //! value. An additive class sums usage over time and needs an
    //! accumulating unit (per hour); a size counter under an item class is
    //! billed as a number of items.
    //!
    //! ## Example
    //! A counter `diskspace` with `"unit": "mb"` under `rc.saas.resource.unit`.
    //!
    //! ## Fix
    //! Use the class the message suggests for the unit, or fix the unit in
    //! the type schema.

    /// A counter whose unit does not fit its resource class.
    pub(crate) struct CounterUnitMismatch<'a> { pub counter: &'a str, pub unit: &'a str, pub class: &'a str }
        => format!("counter `{counter}` is in `{unit}`, which does not fit class `{class}`"),
        help?: {
            Some(
                classes::class_for_unit(unit)
                    .map(|c| format!("use `\"resClass\": \"{c}\"` for a counter in `{unit}`"))
                    .unwrap_or_else(|| "change the class or the counter's unit".into()),
            )
        };
}

/// Called by the counter check once the property is known to be a counter.
pub(crate) fn check_unit(
    cx: &mut Cx<'_, '_>,
    rt: &ResourceType<'_>,
    family: UnitFamily,
    prop: &Property,
    at: Span,
) {
    let Some(unit) = prop.unit.as_deref() else { return };
    if classes::fits(family, unit) != Some(false) {
        return;
    }
    let class = rt.class_name().unwrap_or_default();
    let Some(unit_family) = classes::unit_family(unit) else { return };
    let why = if family.additive() && !unit_family.additive() {
        format!("`{class}` is additive: usage adds up over time, so it needs {}", family.describe())
    } else if !family.additive() && unit_family.additive() {
        format!(
            "`{unit}` accumulates over time, but `{class}` is not additive; it needs {}",
            family.describe()
        )
    } else {
        format!("`{class}` needs {}", family.describe())
    };
    let span = rt.class.map(|c| c.span).unwrap_or(at);
    let v = CounterUnitMismatch { counter: &prop.name, unit, class };
    let d = cx
        .diag(&v, span)
        .with_label(format!("class for {}", family.describe()))
        .with_secondary(cx.file, at, format!("counter in `{unit}`"))
        .with_note(why);
    cx.report(d);
}
