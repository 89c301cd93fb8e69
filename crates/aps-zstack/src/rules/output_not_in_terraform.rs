use crate::lint::JsonFile;
use aps_diag::{did_you_mean, rule, Diagnostic, Violation};
use std::collections::BTreeSet;

rule! { OUTPUT_NOT_IN_TERRAFORM;
    //! An entry of `output.json` names an output that no `output "name" { … }` block in
    //! the Terraform files under `src/` defines.
    //!
    //! **Why:** the marketplace shows `output.json` entries filled from Terraform's
    //! outputs; one without a block is always empty.
    //!
    //! **Fix:** add the `output` block or correct the name.

    /// An output of output.json with no `output` block of its name; `close` is a block name that looks like it.
    pub struct OutputNotInTerraform<'a> { pub name: &'a str, pub close: Option<&'a str> } => {
        format!("output `{name}` has no `output \"{name}\"` block in src/")
    },
        help: match close {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("add `output \"{name}\" {{ value = … }}` to a .tf file"),
        };
}

/// The outputs of output.json against the `output` blocks found in src/.
pub(crate) fn check(output: &JsonFile, blocks: &BTreeSet<String>, diags: &mut Vec<Diagnostic>) {
    for item in output.value.as_array().unwrap_or_default() {
        let Some(v) = item.get("name") else { continue };
        let Some(name) = v.as_str() else { continue };
        if !blocks.contains(name) {
            let close = did_you_mean(name, blocks.iter().map(String::as_str));
            diags.push(
                OutputNotInTerraform { name, close }
                    .diagnostic()
                    .at(&output.file, v.span)
                    .with_label("always empty in the marketplace"),
            );
        }
    }
}
