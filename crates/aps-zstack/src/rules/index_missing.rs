use aps_diag::{declare_rule, violation};

declare_rule! {
    /// The repository folder holds no `index.json` (or it is not a file).
    ///
    /// **Why:** the marketplace server syncs a repository through its `index.json`; without
    /// it nothing in the repository is visible.
    ///
    /// **Fix:** `aps-pack zstack index REPO` writes it from the folder layout.
    pub static INDEX_MISSING = {
        code: "ZST201", name: "index-missing", group: "zstack",
        severity: Error, summary: "the repository has no `index.json`",
    };
}

/// A repository without index.json.
pub struct IndexMissing;

violation! { IndexMissing => INDEX_MISSING,
    message: |_| "the repository has no index.json".into(),
    help: |_| "write it with `aps-pack zstack index REPO`".into(),
}
