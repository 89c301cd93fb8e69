use aps_diag::rule;

rule! { IMPLEMENTS_CYCLE;
    //! Reports a cycle in `implements`: a type that, directly or through others, implements itself.
    //!
    //! ## Why
    //! Inheritance must be a hierarchy; the controller cannot compute the properties of such a type.
    //!
    //! ## Example
    //! `a/1.0` implements `b/1.0`, which implements `a/1.0`.
    //!
    //! ## Fix
    //! Remove one of the `implements` entries.

    /// A type that implements itself through a cycle of `implements`.
    pub(crate) struct ImplementsCycle<'a> { pub id: &'a str }
        => format!("type `{id}` implements itself through a cycle"),
        help: "remove one of the `implements` entries of the cycle".into();
}

use crate::Package;
use aps_diag::Diagnostic;

pub(crate) fn check(pkg: &Package, out: &mut Vec<Diagnostic>) {
    out.extend(pkg.registry.check());
}
