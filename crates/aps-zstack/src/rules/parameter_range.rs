use aps_diag::declare_rule;

declare_rule! {
    /// In `input.json`, a parameter's `min` is greater than its `max`, or its
    /// `default_value` lies outside `[min, max]`, or is not a number while bounds are set.
    ///
    /// **Why:** the deployment form would offer a default that the form itself rejects.
    ///
    /// **Example:** `"default_value": 1073741824, "min": 2147483648`.
    ///
    /// **Fix:** make the default lie within the bounds.
    pub static PARAMETER_RANGE = {
        code: "ZST131", name: "parameter-range", group: "zstack",
        severity: Error, summary: "a parameter's `min`, `max` and `default_value` contradict each other",
    };
}
