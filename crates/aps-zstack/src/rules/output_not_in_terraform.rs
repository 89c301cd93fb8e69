use aps_diag::declare_rule;

declare_rule! {
    /// An entry of `output.json` names an output that no `output "name" { … }` block in
    /// the Terraform files under `src/` defines.
    ///
    /// **Why:** the marketplace shows `output.json` entries filled from Terraform's
    /// outputs; one without a block is always empty.
    ///
    /// **Fix:** add the `output` block or correct the name.
    pub static OUTPUT_NOT_IN_TERRAFORM = {
        code: "ZST134", name: "output-not-in-terraform", group: "zstack",
        severity: Warning, summary: "an output of `output.json` has no `output` block in `src/`",
    };
}
