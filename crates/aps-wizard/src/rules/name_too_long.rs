use crate::lint::Cx;
use aps_diag::rule;

/// The platform's limit on resource type names, in characters.
pub const MAX_NAME_CHARS: usize = 60;

rule! { NAME_TOO_LONG;
    //! ## What it does
    //! Reports a resource type `name` longer than 60 characters.
    //!
    //! ## Why
    //! The platform stores resource type names in a 60-character field; a
    //! longer name makes the wizard fail when it creates the resource type.
    //!
    //! ## Example
    //! ```json
    //! { "name": "Office 365 Adoption Demo - Management Environment for Enterprise Customers", … }
    //! ```
    //!
    //! ## Fix
    //! Shorten the name to 60 characters or fewer.

    /// A resource type name longer than the platform accepts.
    pub(crate) struct NameTooLong<'a> {
        pub rt_id: Option<i64>,
        pub name: &'a str,
        /// Its length in characters.
        pub chars: usize,
    } => {
        let id = rt_id.map(|i| format!(" {i}")).unwrap_or_default();
        format!("name of resource type{id} is {chars} characters long; the platform accepts at most {MAX_NAME_CHARS}")
    },
        help?: {
            let kept: String = name.chars().take(MAX_NAME_CHARS).collect();
            Some(format!("shorten it; the first {MAX_NAME_CHARS} characters are \"{kept}\""))
        };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    for rt in &cx.w.resource_types {
        let Some(name) = rt.name else { continue };
        let chars = name.value.chars().count();
        if chars <= MAX_NAME_CHARS {
            continue;
        }
        cx.report_at(
            &NameTooLong { rt_id: rt.id.map(|i| i.value), name: name.value, chars },
            name.span,
            format!("{} characters too many", chars - MAX_NAME_CHARS),
        );
    }
}
