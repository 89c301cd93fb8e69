use aps_diag::declare_rule;

declare_rule! {
    /// Reports a file that is not a zip archive, or whose zip structure is inconsistent: no
    /// end-of-central-directory record, a truncated central directory, a local header that does not
    /// match its central directory entry, data that runs past the end of the file.
    ///
    /// ## Why
    /// A controller may read such an archive differently from the tool that checked it (central
    /// directory versus local headers), which is exactly how malicious archives hide content.
    ///
    /// ## Example
    /// ```text
    /// my-app.app.zip: local header of `APP-META.xml` names `APP-META.xml.bak`
    /// ```
    ///
    /// ## Fix
    /// Rebuild the archive with `aps-pack build`.
    pub static CORRUPT_ARCHIVE = {
        code: "PKG101", name: "corrupt-archive", group: "archive",
        severity: Error, summary: "archive structure is damaged",
    };
}
