use aps_diag::declare_rule;

declare_rule! {
    /// A parameter of `input.json` without a `ZStack::` tag is not referenced as
    /// `{{.name}}` by any Terraform file under `src/`.
    ///
    /// **Why:** the user fills in a form field that changes nothing. Parameters tagged
    /// `ZStack::…` are consumed by the platform itself and are not reported.
    ///
    /// **Fix:** use it in a template, or remove it.
    pub static UNUSED_PARAMETER = {
        code: "ZST133", name: "unused-parameter", group: "zstack",
        severity: Info, summary: "a parameter of `input.json` is never used in `src/`",
    };
}
