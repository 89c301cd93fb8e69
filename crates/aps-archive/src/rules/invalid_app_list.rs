use aps_diag::declare_rule;

declare_rule! {
    /// Reports an APP-LIST.xml that is not well-formed XML, has a DOCTYPE, has the wrong root element
    /// or namespace, has a `<file>` without a valid `name`, `size` or `sha256`, lists a name twice,
    /// or lists itself.
    ///
    /// ## Why
    /// The file list is the package's table of contents; an unreadable one cannot be checked.
    ///
    /// ## Example
    /// ```xml
    /// <files xmlns="http://apstandard.com/ns/1">
    ///     <file name="APP-META.xml" size="12k" sha256="…"/>
    /// </files>
    /// ```
    ///
    /// ## Fix
    /// Rebuild the archive with `aps-pack build`.
    pub static INVALID_APP_LIST = {
        code: "PKG108", name: "invalid-app-list", group: "archive",
        severity: Error, summary: "APP-LIST.xml is malformed",
    };
}
