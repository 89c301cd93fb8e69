use aps_diag::declare_rule;

declare_rule! {
    /// Reports a missing or empty `<id>`, `<name>`, `<version>` or `<release>`, and an application
    /// without any `<service>`.
    ///
    /// ## Why
    /// The controller refuses to import a package without them: the id identifies the application
    /// across versions, version and release order its packages.
    ///
    /// ## Example
    /// ```xml
    /// <application xmlns="http://aps-standard.org/ns/2"><name>Demo</name></application>
    /// ```
    ///
    /// ## Fix
    /// Add the element with a value.
    pub static MISSING_REQUIRED_ELEMENT = {
        code: "APS103", name: "missing-required-element", group: "package",
        severity: Error, summary: "required APP-META.xml element missing or empty",
    };
}

use crate::lint::Cx;
use aps_diag::Diagnostic;

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.meta;
    for (name, value, example) in [
        ("id", &m.id, "<id>http://example.com/my-app</id>"),
        ("name", &m.name, "<name>My App</name>"),
        ("version", &m.version, "<version>1.0</version>"),
        ("release", &m.release, "<release>0</release>"),
    ] {
        match value {
            None => out.push(
                Diagnostic::new(&MISSING_REQUIRED_ELEMENT, format!("`<application>` has no `<{name}>`"))
                    .at(cx.file(), cx.meta.start_tag)
                    .with_label(format!("expected a `<{name}>` child"))
                    .with_help(format!("add `{example}`")),
            ),
            Some(v) if v.value.is_empty() => out.push(
                Diagnostic::new(&MISSING_REQUIRED_ELEMENT, format!("`<{name}>` is empty"))
                    .at(cx.file(), v.span)
                    .with_label("expected a value")
                    .with_help(format!("for example `{example}`")),
            ),
            Some(_) => {}
        }
    }
    if m.services.is_empty() && m.master_package.is_none() {
        out.push(
            Diagnostic::new(&MISSING_REQUIRED_ELEMENT, "the application declares no `<service>`")
                .at(cx.file(), cx.meta.start_tag)
                .with_label("expected at least one `<service>`")
                .with_help("declare the application service, e.g. `<service id=\"app\"><schema path=\"schemas/app.schema\"/></service>`"),
        );
    }
}
