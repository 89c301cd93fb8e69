use aps_diag::rule;

rule! { INDEX_MISSING;
    //! The repository folder holds no `index.json` (or it is not a file).
    //!
    //! **Why:** the marketplace server syncs a repository through its `index.json`; without
    //! it nothing in the repository is visible.
    //!
    //! **Fix:** `aps-pack zstack index REPO` writes it from the folder layout.

    /// A repository without index.json.
    pub struct IndexMissing => "the repository has no index.json".into(),
        help: "write it with `aps-pack zstack index REPO`".into();
}
