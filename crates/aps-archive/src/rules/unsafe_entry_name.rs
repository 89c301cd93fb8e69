use aps_diag::declare_rule;

declare_rule! {
    /// Reports an archive entry whose name is absolute (`/etc/passwd`), has a drive letter
    /// (`C:…`), a backslash, a `..`, `.` or empty path component, or a control character.
    ///
    /// ## Why
    /// Unpacking such an entry naively writes outside the target folder ("zip slip"), or two
    /// different names end up as the same file.
    ///
    /// ## Example
    /// ```text
    /// ../../etc/cron.d/evil
    /// ```
    ///
    /// ## Fix
    /// Rebuild the archive from a package folder with `aps-pack build`.
    pub static UNSAFE_ENTRY_NAME = {
        code: "PKG102", name: "unsafe-entry-name", group: "archive",
        severity: Error, summary: "entry name could write outside the target folder",
    };
}
