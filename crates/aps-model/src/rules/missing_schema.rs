use aps_diag::declare_rule;

declare_rule! {
    /// Reports a service whose `<schema path>` names a file the package does not contain, or which has
    /// neither a `<schema>` nor PHP `<code>` from which `aps build` generates one.
    ///
    /// ## Why
    /// Every service serves an APS type; the controller registers the type from this schema at import
    /// and refuses the package without it.
    ///
    /// ## Example
    /// ```xml
    /// <service id="globals"><schema path="schemas/globals.schema"/></service>  <!-- file absent -->
    /// ```
    ///
    /// ## Fix
    /// Add the schema file, correct the path, or declare the PHP code that defines the type (`<code
    /// engine="php" path="scripts/globals.php"/>`).
    pub static MISSING_SCHEMA = {
        code: "APS114", name: "missing-schema", group: "package",
        severity: Error, summary: "service has no type schema",
    };
}

use crate::package::ServiceType;
use crate::source::is_safe_relative_path;
use crate::Package;
use aps_diag::Diagnostic;

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
                Diagnostic::new(
                    &MISSING_SCHEMA,
                    format!("service `{}`: schema file `{}` is not in the package", id.value, path.value),
                )
                .at(file, path.span)
                .with_label(format!("no file {}", pkg.display_path(&path.value)))
                .with_help(
                    super::file_not_found::close_file(&path.value, listing)
                        .map(|c| format!("did you mean `{c}`?"))
                        .unwrap_or_else(|| "add the schema file or correct the path".into()),
                )
            }
            None => Diagnostic::new(
                &MISSING_SCHEMA,
                format!("service `{}` has no `<schema>` and no PHP `<code>` to generate one from", id.value),
            )
            .at(file, id.span)
            .with_label("this service serves no type")
            .with_help(format!("add `<schema path=\"schemas/{}.schema\"/>` and the schema file", id.value)),
        };
        out.push(d);
    }
}
