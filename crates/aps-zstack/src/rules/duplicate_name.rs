use aps_diag::declare_rule;

declare_rule! {
    /// Two entries of `input.json` (or of `output.json`) have the same `name`.
    ///
    /// **Why:** parameters are passed to the Terraform templates by name; with two of
    /// the same name, one value silently overrides the other.
    ///
    /// **Fix:** rename or remove one of them.
    pub static DUPLICATE_NAME = {
        code: "ZST130", name: "duplicate-name", group: "zstack",
        severity: Error, summary: "two parameters (or outputs) share a name",
    };
}
