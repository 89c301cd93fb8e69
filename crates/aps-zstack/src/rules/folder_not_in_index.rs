use aps_diag::declare_rule;

declare_rule! {
    /// The repository holds `app/arch/version/`, but `index.json` does not list it.
    ///
    /// **Why:** the version is uploaded yet invisible to every marketplace server.
    ///
    /// **Fix:** regenerate the index with `aps-pack zstack index REPO` (or remove the folder).
    pub static FOLDER_NOT_IN_INDEX = {
        code: "ZST204", name: "folder-not-in-index", group: "zstack",
        severity: Warning, summary: "a version folder of the repository is missing from `index.json`",
    };
}
