use aps_diag::rule;

rule! { INVALID_VERSION;
    //! Reports a `<version>` or `<release>` that is not a dotted string of letters and digits starting
    //! with a digit (`26.0`, `1.15`, `35.1.8`, `2`).
    //!
    //! ## Why
    //! Versions are compared component by component (`1.10` is newer than `1.9`) when upgrades are
    //! matched; a value like `1..0` or `v 2` cannot be ordered.
    //!
    //! ## Example
    //! ```xml
    //! <version>1.0 beta</version>
    //! ```
    //!
    //! ## Fix
    //! Use digits separated by dots, e.g. `1.0`; put qualifiers in the release.

    /// A version that is not digits separated by dots; `what` says which, e.g. `` `<version>` ``.
    pub(crate) struct InvalidVersion<'a> { pub what: &'a str, pub version: &'a str, pub problem: &'a str } => format!("{what} `{version}` is malformed: {problem}"),
        help: "versions are compared component by component (`1.10` > `1.9`)".into();
}

use crate::lint::Cx;
use crate::version::version_problem;
use aps_diag::{Diagnostic, Violation};

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    let m = cx.meta;
    let mut items = vec![("<version>", &m.version), ("<release>", &m.release)];
    if let Some(p) = &m.presentation {
        for c in &p.changelog {
            items.push(("changelog `version`", &c.version));
            items.push(("changelog `release`", &c.release));
        }
    }
    for (what, value) in items {
        let Some(v) = value else { continue };
        if v.value.is_empty() {
            continue; // missing-required-element reports it
        }
        if let Some(problem) = version_problem(&v.value) {
            out.push(
                InvalidVersion { what, version: &v.value, problem }
                    .diagnostic()
                    .at(cx.file(), v.span)
                    .with_label("expected digits separated by dots, e.g. `1.0`"),
            );
        }
    }
}
