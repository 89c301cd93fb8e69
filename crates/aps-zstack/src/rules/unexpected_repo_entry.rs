use aps_diag::declare_rule;

declare_rule! {
    /// A version folder holds something other than `application.tar.gz` and
    /// `image.qcow2`, a file sits where an application, architecture or version folder
    /// belongs, or a staging folder of an interrupted install (`.aps-stage.*`, `.aps-old.*`) is left.
    ///
    /// **Why:** nothing reads it; leftovers of interrupted installs waste space (they can be gigabytes).
    ///
    /// **Fix:** remove it.
    pub static UNEXPECTED_REPO_ENTRY = {
        code: "ZST221", name: "unexpected-repo-entry", group: "zstack",
        severity: Warning, summary: "an unexpected file or folder in the repository",
    };
}
