use aps_diag::declare_rule;

declare_rule! {
    /// Reports an archive in which APP-LIST.xml is not the first entry.
    ///
    /// ## Why
    /// The official tools write it first, so that a reader streaming the archive knows the file list
    /// before the files. Some readers rely on that.
    ///
    /// ## Example
    /// ```text
    /// 1 APP-META.xml
    /// 2 APP-LIST.xml
    /// ```
    ///
    /// ## Fix
    /// Rebuild the archive with `aps-pack build`.
    pub static APP_LIST_NOT_FIRST = {
        code: "PKG113", name: "app-list-not-first", group: "archive",
        severity: Warning, summary: "APP-LIST.xml is not the first entry",
    };
}
