use aps_diag::declare_rule;

declare_rule! {
    /// The version folder has no `src/` folder (the Terraform files that deploy the
    /// application), or `src` is not a folder.
    ///
    /// **Why:** ZStack deploys a marketplace application by rendering and applying the
    /// Terraform files under `src/`; without them the application cannot be deployed.
    ///
    /// **Fix:** add `src/` with the `.tf` files (`main.tf`, `variables.tf`, `output.tf`, …).
    pub static MISSING_SRC = {
        code: "ZST102", name: "missing-src-folder", group: "zstack",
        severity: Error, summary: "the application folder has no `src/` folder",
    };
}
