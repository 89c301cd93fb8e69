use aps_diag::rule;

rule! { TYPES_FROM_PHP;
    //! Reported once per package when some services have PHP `<code>` and no schema file yet: their
    //! types are generated from the PHP annotations at build time, and checks that need them are
    //! skipped.
    //!
    //! ## Why
    //! So that you know which checks did not run, without an error for a normal PHP-typed source tree.
    //!
    //! ## Example
    //! A service `<service id="apps"><code engine="php" path="scripts/apps.php"/></service>` without `schemas/apps.schema.gen`.
    //!
    //! ## Fix
    //! Nothing to fix. Generate the schemas (`aps-pack schema gen`) to have the types checked.

    impl<S: std::fmt::Display> TypesFromPhp<'_, S> {
        message: |v| {
            let list = v.services.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
            let noun = if v.services.len() == 1 { "service" } else { "services" };
            format!("the types of {noun} {list} are defined in PHP and not generated yet; checks that need them are skipped")
        },
        help: |_| "`aps build` (and `aps-pack build`) generate `schemas/<service>.schema.gen` from the PHP classes"
            .into(),
    }
}

use crate::Package;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn check(pkg: &Package, out: &mut Vec<Diagnostic>) {
    let pending = pkg.pending_services();
    if pending.is_empty() {
        return;
    }
    let span = pkg
        .meta
        .services
        .iter()
        .find(|s| s.id_str() == pending[0])
        .and_then(|s| s.id.as_ref())
        .map(|i| i.span)
        .unwrap_or(pkg.meta.start_tag);
    out.push(
        TypesFromPhp { services: &pending }
            .diagnostic()
            .at(&pkg.app_meta_file, span)
            .with_label("type defined by PHP annotations"),
    );
}

/// Services whose types are defined in PHP and not generated yet.
pub(crate) struct TypesFromPhp<'a, S> {
    pub services: &'a [S],
}
