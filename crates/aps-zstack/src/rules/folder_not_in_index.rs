use aps_diag::declare_rule;

declare_rule! {
    /// The repository holds `app/arch/version/`, but `index.json` does not list it.
    ///
    /// **Why:** the version is uploaded yet invisible to every marketplace server.
    /// It is an error because it is what a lost update looks like: two publishers
    /// that rewrote `index.json` at once without taking turns, or a publish that
    /// stopped between uploading the artefacts and listing them (run it again).
    ///
    /// **Fix:** regenerate the index with `aps-pack zstack index REPO` (or remove the folder).
    pub static FOLDER_NOT_IN_INDEX = {
        code: "ZST204", name: "folder-not-in-index", group: "zstack",
        severity: Error, summary: "a version folder of the repository is missing from `index.json`",
    };
}
