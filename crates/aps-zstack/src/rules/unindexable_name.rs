use aps_diag::declare_rule;

declare_rule! {
    /// A folder of the repository has a name with characters outside printable ASCII
    /// (or a control character); the index (both aps-pack's and the `.bin` installer's)
    /// skips it.
    ///
    /// **Why:** names must survive the installer's shell code and the JSON index
    /// byte for byte.
    ///
    /// **Fix:** rename the folder (application ids use letters, digits, `.`, `_`, `-`).
    pub static UNINDEXABLE_NAME = {
        code: "ZST207", name: "unindexable-name", group: "zstack",
        severity: Warning, summary: "a repository folder name cannot be listed in `index.json`",
    };
}
