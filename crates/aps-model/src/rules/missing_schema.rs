use aps_diag::rule;

rule! { MISSING_SCHEMA;
    //! Reports a service whose `<schema path>` names a file the package does not contain, or which has
    //! neither a `<schema>` nor PHP `<code>` from which `aps build` generates one.
    //!
    //! ## Why
    //! Every service serves an APS type; the controller registers the type from this schema at import
    //! and refuses the package without it.
    //!
    //! ## Example
    //! ```xml
    //! <service id="globals"><schema path="schemas/globals.schema"/></service>  <!-- file absent -->
    //! ```
    //!
    //! ## Fix
    //! Add the schema file, correct the path, or declare the PHP code that defines the type (`<code
    //! engine="php" path="scripts/globals.php"/>`).

    /// A service without its type schema.
    pub(crate) enum MissingSchema<'a> {
        /// The `<schema>` names a file the package lacks; `close` is a file with a close name.
        FileAbsent { service: &'a str, path: &'a str, close: Option<&'a str> }
            => format!("service `{service}`: schema file `{path}` is not in the package"),
            help: close
                .map(|c| format!("did you mean `{c}`?"))
                .unwrap_or_else(|| "add the schema file or correct the path".into());
        /// No `<schema>` and no PHP code to generate one from.
        NoSchema { service: &'a str }
            => format!("service `{service}` has no `<schema>` and no PHP `<code>` to generate one from"),
            help: format!("add `<schema path=\"schemas/{service}.schema\"/>` and the schema file");
    }
}

use crate::package::ServiceType;
use crate::source::is_safe_relative_path;
use crate::Package;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn check(pkg: &Package, out: &mut Vec<Diagnostic>) {
    let file = &pkg.app_meta_file;
    let infos: std::collections::HashMap<&str, &crate::ServiceInfo> =
        pkg.services.iter().rev().map(|s| (s.service_id.as_str(), s)).collect();
    let mut listing: Option<Vec<String>> = None;
    for svc in &pkg.meta.services {
        let Some(id) = &svc.id else { continue };
        let Some(info) = infos.get(id.value.as_str()) else { continue };
        if !matches!(info.ty, ServiceType::Missing) {
            continue;
        }
        let d = match &svc.schema {
            Some(path) if !is_safe_relative_path(path.value.trim()) => continue, // path-escapes-package
            Some(path) => {
                let listing = listing.get_or_insert_with(|| pkg.source.files());
                let close = super::file_not_found::close_file(&path.value, listing);
                MissingSchema::FileAbsent { service: &id.value, path: &path.value, close }
                    .diagnostic()
                    .at(file, path.span)
                    .with_label(format!("no file {}", pkg.display_path(&path.value)))
            }
            None => MissingSchema::NoSchema { service: &id.value }
                .diagnostic()
                .at(file, id.span)
                .with_label("this service serves no type"),
        };
        out.push(d);
    }
}
