use crate::lint::Cx;
use aps_diag::declare_rule;

/// The platform's limit on resource type names, in characters.
pub const MAX_NAME_CHARS: usize = 60;

declare_rule! {
    /// ## What it does
    /// Reports a resource type `name` longer than 60 characters.
    ///
    /// ## Why
    /// The platform stores resource type names in a 60-character field; a
    /// longer name makes the wizard fail when it creates the resource type.
    ///
    /// ## Example
    /// ```json
    /// { "name": "Office 365 Adoption Demo - Management Environment for Enterprise Customers", … }
    /// ```
    ///
    /// ## Fix
    /// Shorten the name to 60 characters or fewer.
    pub static NAME_TOO_LONG = {
        code: "WIZ111", name: "resource-type-name-too-long", group: "wizard",
        severity: Error, summary: "resource type name is longer than 60 characters",
    };
}

pub(crate) fn check(cx: &mut Cx<'_, '_>) {
    for rt in &cx.w.resource_types {
        let Some(name) = rt.name else { continue };
        let chars = name.value.chars().count();
        if chars <= MAX_NAME_CHARS {
            continue;
        }
        let kept: String = name.value.chars().take(MAX_NAME_CHARS).collect();
        let id = rt.id.map(|i| format!(" {}", i.value)).unwrap_or_default();
        let d = cx
            .diag(
                &NAME_TOO_LONG,
                name.span,
                format!("name of resource type{id} is {chars} characters long; the platform accepts at most {MAX_NAME_CHARS}"),
            )
            .with_label(format!("{} characters too many", chars - MAX_NAME_CHARS))
            .with_help(format!("shorten it; the first {MAX_NAME_CHARS} characters are \"{kept}\""));
        cx.report(d);
    }
}
