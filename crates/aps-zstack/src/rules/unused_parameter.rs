use crate::lint::{JsonFile, Params};
use aps_diag::{rule, Diagnostic, Violation};
use std::collections::BTreeSet;

rule! { UNUSED_PARAMETER;
    //! A parameter of `input.json` without a `ZStack::` tag is not referenced as
    //! `{{.name}}` by any Terraform file under `src/`.
    //!
    //! **Why:** the user fills in a form field that changes nothing. Parameters tagged
    //! `ZStack::…` are consumed by the platform itself and are not reported.
    //!
    //! **Fix:** use it in a template, or remove it.

    /// A parameter no `.tf` file uses.
    pub struct UnusedParameter<'a> { pub name: &'a str }
        => format!("parameter `{name}` is not used in src/"),
        help: "use it in a template, or remove it".into();
}

/// The parameters of input.json (platform ones aside) that no template in src/ `used`.
pub(crate) fn check(input: &JsonFile, params: &Params, used: &BTreeSet<String>, diags: &mut Vec<Diagnostic>) {
    for (name, span, platform) in &params.names {
        if !platform && !used.contains(name) {
            diags.push(
                UnusedParameter { name }
                    .diagnostic()
                    .at(&input.file, *span)
                    .with_label(format!("no `{{{{.{name}}}}}` in any .tf file")),
            );
        }
    }
}
