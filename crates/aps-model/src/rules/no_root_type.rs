use aps_diag::rule;

rule! { NO_ROOT_TYPE;
    //! Reports a package in which no type implements `http://aps-
    //! standard.org/types/core/application/1.0` (directly or through inheritance).
    //!
    //! ## Why
    //! The application's root ("globals") resource is an instance of that type; the controller cannot
    //! create the application instance without it.
    //!
    //! ## Example
    //! A package whose only schema implements `core/resource/1.0`.
    //!
    //! ## Fix
    //! Make the application service's type implement `http://aps-
    //! standard.org/types/core/application/1.0`.

    /// No type of the package is an application.
    pub(crate) struct NoRootType => format!("no type of the package implements `{CORE_APPLICATION}`"),
        help: format!(
            "add `\"implements\": [\"{CORE_APPLICATION}\"]` to the schema of the application's root service"
        );
}

use crate::typeid::CORE_APPLICATION;
use crate::Package;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn check(pkg: &Package, out: &mut Vec<Diagnostic>) {
    if !pkg.types_complete() || !pkg.registry.root_types().is_empty() {
        return;
    }
    // Nothing to point at when no schema was read at all (reported elsewhere).
    let Some(first) = pkg.services.iter().find_map(|s| s.schema()) else { return };
    let first_service = pkg.meta.services.first().and_then(|s| s.id.as_ref());
    let d = NoRootType.diagnostic();
    let d = match first_service {
        Some(id) => {
            d.at(&pkg.app_meta_file, id.span).with_label("the application service usually comes first")
        }
        None => d.in_file(&first.file),
    };
    out.push(d);
}
