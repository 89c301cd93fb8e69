use aps_diag::declare_rule;

declare_rule! {
    /// An object in `application.json`, `input.json` or `output.json` lacks a field the
    /// schema requires (for example `appId` in `application.json`, `name` in a parameter).
    ///
    /// **Why:** the marketplace server cannot show or deploy an application whose
    /// identity or parameters are incomplete.
    ///
    /// **Fix:** add the field; when a similarly named field exists, the help says which one was probably meant.
    pub static MISSING_FIELD = {
        code: "ZST111", name: "missing-field", group: "zstack",
        severity: Error, summary: "a required field is missing in a ZStack JSON file",
    };
}
