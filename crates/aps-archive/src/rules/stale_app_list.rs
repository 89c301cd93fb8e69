use aps_diag::declare_rule;

declare_rule! {
    /// Reports an `APP-LIST.xml` in the package folder whose file list, sizes or hashes differ from
    /// the files being packaged.
    ///
    /// ## Why
    /// `aps-pack build` always generates APP-LIST.xml and ignores the committed one, so a stale
    /// copy does no harm to the build; but other tools (and people) may trust it.
    ///
    /// ## Example
    /// ```xml
    /// <file name="APP-META.xml" size="1200" sha256="…"/>   <!-- the file is now 1342 bytes -->
    /// ```
    ///
    /// ## Fix
    /// Delete APP-LIST.xml from the source tree (it is a build product), or leave it and ignore the warning.
    pub static STALE_APP_LIST = {
        code: "PKG005", name: "stale-app-list", group: "archive",
        severity: Warning, summary: "committed APP-LIST.xml does not match the package",
    };
}
