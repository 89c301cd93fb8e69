use aps_diag::{declare_rule, violation};

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

/// A type that implements itself through a cycle of `implements`.
pub(crate) struct ImplementsCycle<'a> {
    pub id: &'a str,
}

violation! { ImplementsCycle<'_> => IMPLEMENTS_CYCLE,
    message: |v| format!("type `{}` implements itself through a cycle", v.id),
    help: |_| "remove one of the `implements` entries of the cycle".into(),
}
