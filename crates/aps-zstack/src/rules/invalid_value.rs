use aps_diag::declare_rule;

declare_rule! {
    /// A value in `application.json`, `input.json`, `output.json` or `steps.json` does
    /// not match the published schema (`schemas/zstack/*.schema.json`): wrong JSON type,
    /// an empty string where text is required, a number out of range.
    ///
    /// **Why:** the marketplace server deserialises these files into typed records; a
    /// string where a number is expected fails the import or, worse, shows a broken form.
    ///
    /// **Example:** `"default_value": "2"` next to `"min": 1` (a string where a number is expected).
    ///
    /// **Fix:** write the value with the type the message names.
    pub static INVALID_VALUE = {
        code: "ZST110", name: "invalid-value", group: "zstack",
        severity: Error, summary: "a value in a ZStack JSON file has the wrong type or an invalid value",
    };
}
