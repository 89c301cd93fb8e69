use aps_diag::declare_rule;

declare_rule! {
    /// `index.json` lists `app/arch/version`, but the repository has no such folder.
    ///
    /// **Why:** the marketplace offers a version whose download fails.
    ///
    /// **Fix:** publish the version again, or regenerate the index with `aps-pack zstack index REPO`.
    pub static INDEX_ENTRY_WITHOUT_FOLDER = {
        code: "ZST203", name: "index-entry-without-folder", group: "zstack",
        severity: Error, summary: "`index.json` lists a version whose folder does not exist",
    };
}
