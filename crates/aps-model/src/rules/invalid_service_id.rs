use aps_diag::rule;

rule! { INVALID_SERVICE_ID;
    //! Reports a `<service id>` that is not a letter or `_` followed by letters, digits, `_` or `-`.
    //!
    //! ## Why
    //! Service ids become path segments of the application endpoint and keys of wizard data.
    //!
    //! ## Example
    //! ```xml
    //! <service id="my service">
    //! ```
    //!
    //! ## Fix
    //! Use a simple identifier such as `my_service`.

    /// A service id that is not a simple identifier.
    pub(crate) struct InvalidServiceId<'a> {
        pub id: &'a str,
        /// The id with its other characters replaced.
        pub suggestion: &'a str,
    } => format!("service id `{id}` is not a simple identifier"),
        help: format!("for example `{suggestion}`");
}

use crate::lint::Cx;
use aps_diag::{Diagnostic, Violation};

/// Letters, digits, `_`, `-`; not starting with a digit or `-`.
pub(crate) fn is_valid_service_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

pub(crate) fn check(cx: &Cx<'_>, out: &mut Vec<Diagnostic>) {
    for s in &cx.meta.services {
        let Some(id) = &s.id else { continue };
        if !is_valid_service_id(&id.value) {
            let suggestion: String = id
                .value
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
                .collect();
            out.push(
                InvalidServiceId { id: &id.value, suggestion: &suggestion }
                    .diagnostic()
                    .at(cx.file(), id.span)
                    .with_label("expected a letter or `_`, then letters, digits, `_` or `-`"),
            );
        }
    }
}
