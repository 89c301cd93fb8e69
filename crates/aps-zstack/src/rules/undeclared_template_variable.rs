use aps_diag::declare_rule;

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
