use aps_diag::declare_rule;

declare_rule! {
    /// An application, an architecture of one application, or a version of one
    /// architecture appears twice in `index.json`.
    ///
    /// **Why:** servers disagree on which entry wins; the repository's content becomes ambiguous.
    ///
    /// **Fix:** regenerate the index with `aps-pack zstack index REPO`.
    pub static INDEX_DUPLICATE = {
        code: "ZST205", name: "index-duplicate", group: "zstack",
        severity: Error, summary: "`index.json` lists the same application, architecture or version twice",
    };
}
