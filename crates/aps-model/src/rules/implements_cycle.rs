use aps_diag::declare_rule;

declare_rule! {
    /// Reports a cycle in `implements`: a type that, directly or through others, implements itself.
    ///
    /// ## Why
    /// Inheritance must be a hierarchy; the controller cannot compute the properties of such a type.
    ///
    /// ## Example
    /// `a/1.0` implements `b/1.0`, which implements `a/1.0`.
    ///
    /// ## Fix
    /// Remove one of the `implements` entries.
    pub static IMPLEMENTS_CYCLE = {
        code: "TYP204", name: "implements-cycle", group: "types",
        severity: Error, summary: "types implement each other in a cycle",
    };
}

use crate::Package;
use aps_diag::Diagnostic;

pub(crate) fn check(pkg: &Package, out: &mut Vec<Diagnostic>) {
    out.extend(pkg.registry.check());
}
