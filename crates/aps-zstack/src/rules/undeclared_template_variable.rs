use crate::terraform::TemplateRef;
use aps_diag::{declare_rule, did_you_mean, violation, Diagnostic, SourceFile, Violation};
use std::sync::Arc;

declare_rule! {
    /// A Terraform file under `src/` uses a template variable (`{{.cpu_num}}`) that no
    /// parameter of `input.json` provides.
    ///
    /// **Why:** ZStack renders the `.tf` files as Go templates with the values of the
    /// `input.json` parameters; a variable without a parameter renders as nothing (or
    /// fails), and the deployment breaks on the customer's cloud.
    ///
    /// **Fix:** add the parameter to `input.json` or correct the name (the help suggests the closest parameter).
    pub static UNDECLARED_TEMPLATE_VARIABLE = {
        code: "ZST132", name: "undeclared-template-variable", group: "zstack",
        severity: Error, summary: "a `{{.name}}` in `src/` has no parameter in `input.json`",
    };
}

/// `{{.name}}` in a `.tf` file with no parameter of that name; `close` is a declared one that looks like it.
pub struct UndeclaredTemplateVariable<'a> {
    pub name: &'a str,
    pub close: Option<&'a str>,
}

violation! { UndeclaredTemplateVariable<'_> => UNDECLARED_TEMPLATE_VARIABLE,
    message: |v| format!("`{{{{.{}}}}}` has no parameter in input.json", v.name),
    help: |v| match v.close {
        Some(c) => format!("did you mean `.{c}`?"),
        None => format!("add a parameter named `{}` to input.json", v.name),
    },
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
