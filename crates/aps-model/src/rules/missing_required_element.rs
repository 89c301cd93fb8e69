use aps_diag::rule;

rule! { MISSING_REQUIRED_ELEMENT;
    //! Reports a missing or empty `<id>`, `<name>`, `<version>` or `<release>`, and an application
    //! without any `<service>`.
    //!
    //! ## Why
    //! The controller refuses to import a package without them: the id identifies the application
    //! across versions, version and release order its packages.
    //!
    //! ## Example
    //! ```xml
    //! <application xmlns="http://aps-standard.org/ns/2"><name>Demo</name></application>
    //! ```
    //!
    //! ## Fix
    //! Add the element with a value.

    /// A required part of `<application>` that is absent or empty.
    pub(crate) enum MissingRequiredElement<'a> {
        Absent { name: &'a str, example: &'a str } => format!("`<application>` has no `<{name}>`"),
            help: format!("add `{example}`");
        Empty { name: &'a str, example: &'a str } => format!("`<{name}>` is empty"),
            help: format!("for example `{example}`");
        NoService => "the application declares no `<service>`".into(),
            help: "declare the application service, e.g. `<service id=\"app\"><schema path=\"schemas/app.schema\"/></service>`".into();
    }
}

use crate::lint::Cx;
use aps_diag::{Diagnostic, Violation};

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
                MissingRequiredElement::Absent { name, example }
                    .diagnostic()
                    .at(cx.file(), cx.meta.start_tag)
                    .with_label(format!("expected a `<{name}>` child")),
            ),
            Some(v) if v.value.is_empty() => out.push(
                MissingRequiredElement::Empty { name, example }
                    .diagnostic()
                    .at(cx.file(), v.span)
                    .with_label("expected a value"),
            ),
            Some(_) => {}
        }
    }
    if m.services.is_empty() && m.master_package.is_none() {
        out.push(
            MissingRequiredElement::NoService
                .diagnostic()
                .at(cx.file(), cx.meta.start_tag)
                .with_label("expected at least one `<service>`"),
        );
    }
}
