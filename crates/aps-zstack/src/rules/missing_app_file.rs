use aps_diag::declare_rule;

declare_rule! {
    /// A ZStack application version folder lacks one of `application.json`, `input.json`,
    /// `output.json` or `logo.png`.
    ///
    /// **Why:** the marketplace server reads all four when it imports a version; a
    /// missing one makes the import fail on the management node, long after the
    /// release was built.
    ///
    /// **Example:** a folder holding `application.json`, `input.json` and `src/` only.
    ///
    /// **Fix:** add the file (`logo.png` must be a real PNG image).
    pub static MISSING_APP_FILE = {
        code: "ZST101", name: "missing-app-file", group: "zstack",
        severity: Error, summary: "a file ZStack needs is missing from the application version folder",
    };
}
