use crate::terraform::TemplateRef;
use aps_diag::{did_you_mean, rule, Diagnostic, SourceFile, Violation};
use std::sync::Arc;

rule! { UNDECLARED_TEMPLATE_VARIABLE;
    //! A Terraform file under `src/` uses a template variable (`{{.cpu_num}}`) that no
    //! parameter of `input.json` provides.
    //!
    //! **Why:** ZStack renders the `.tf` files as Go templates with the values of the
    //! `input.json` parameters; a variable without a parameter renders as nothing (or
    //! fails), and the deployment breaks on the customer's cloud.
    //!
    //! **Fix:** add the parameter to `input.json` or correct the name (the help suggests the closest parameter).

    /// `{{.name}}` in a `.tf` file with no parameter of that name; `close` is a declared one that looks like it.
    pub struct UndeclaredTemplateVariable<'a> { pub name: &'a str, pub close: Option<&'a str> }
        => format!("`{{{{.{name}}}}}` has no parameter in input.json"),
        help: match close {
            Some(c) => format!("did you mean `.{c}`?"),
            None => format!("add a parameter named `{name}` to input.json"),
        };
}

/// The template references of one `.tf` file against the parameters `declared`.
pub(crate) fn check(
    file: &Arc<SourceFile>,
    refs: &[TemplateRef],
    declared: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    for r in refs.iter().filter(|r| !declared.contains(&r.name.as_str())) {
        let close = did_you_mean(&r.name, declared.iter().copied());
        diags.push(
            UndeclaredTemplateVariable { name: &r.name, close }
                .diagnostic()
                .at(file, r.span)
                .with_label("rendered from input.json before Terraform runs"),
        );
    }
}
