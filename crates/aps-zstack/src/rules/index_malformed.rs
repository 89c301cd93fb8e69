use aps_diag::declare_rule;

declare_rule! {
    /// `index.json` is not `{"applications": [{"app_id": …, "support_versions":
    /// [{"architecture": …, "versions": […]}]}], "update_at": <unix seconds>}`.
    ///
    /// **Why:** the marketplace server reads exactly this shape; anything else makes
    /// the whole repository invisible.
    ///
    /// **Fix:** regenerate it with `aps-pack zstack index REPO`.
    pub static INDEX_MALFORMED = {
        code: "ZST202", name: "index-malformed", group: "zstack",
        severity: Error, summary: "`index.json` does not have ZStack's shape",
    };
}
