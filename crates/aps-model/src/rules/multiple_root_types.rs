use aps_diag::rule;

rule! { MULTIPLE_ROOT_TYPES;
    //! Reports a package in which several types implement `http://aps-
    //! standard.org/types/core/application/1.0`.
    //!
    //! ## Why
    //! An application has one root resource; wizard data (`idglobals`, `defaults.appId`) and the
    //! controller expect exactly one such type.
    //!
    //! ## Example
    //! Two services whose schemas both implement `core/application/1.0`.
    //!
    //! ## Fix
    //! Keep one root type; let the other implement `core/resource/1.0`.

    /// A second type implementing the application type.
    pub(crate) struct MultipleRootTypes<'a> { pub id: &'a str }
        => format!("`{}` is a second type implementing `{CORE_APPLICATION}`", id),
        help: "an application has one root type; let the others implement `core/resource/1.0`".into();
}

use crate::typeid::CORE_APPLICATION;
use crate::Package;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn check(pkg: &Package, out: &mut Vec<Diagnostic>) {
    let roots = pkg.registry.root_types();
    if roots.len() < 2 {
        return;
    }
    let first = roots[0];
    for other in &roots[1..] {
        let Some(id) = &other.schema.id else { continue };
        let mut d = MultipleRootTypes { id: &id.value }
            .diagnostic()
            .at(&other.schema.file, id.span)
            .with_label("second root type");
        if let Some(fid) = &first.schema.id {
            d = d.with_secondary(&first.schema.file, fid.span, "first root type");
        }
        out.push(d);
    }
}
