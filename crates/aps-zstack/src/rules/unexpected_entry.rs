use aps_diag::declare_rule;

declare_rule! {
    /// The top of the version folder holds something other than `application.json`,
    /// `input.json`, `output.json`, `steps.json`, `logo.png` and `src/`.
    ///
    /// **Why:** it is packed into `application.tar.gz` (as ZStack's tooling does) but the
    /// marketplace server never reads it: usually a file that belongs in `src/` or
    /// that should not be shipped at all.
    ///
    /// **Fix:** move it into `src/` or out of the folder.
    pub static UNEXPECTED_ENTRY = {
        code: "ZST104", name: "unexpected-entry", group: "zstack",
        severity: Warning, summary: "an unexpected entry at the top of the application folder",
    };
}
