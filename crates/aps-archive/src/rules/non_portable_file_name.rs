use aps_diag::declare_rule;

declare_rule! {
    /// Reports a path in the package that some operating system cannot represent: a backslash, a
    /// colon, one of `<>"|?*`, a control character, a component ending in a dot or a space, or a
    /// reserved Windows device name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`…`COM9`, `LPT1`…`LPT9`, with or
    /// without an extension).
    ///
    /// ## Why
    /// Packages are built on one system and imported, unpacked and served on others. A name one of
    /// them cannot create either breaks the import or silently turns into a different file.
    ///
    /// ## Example
    /// ```text
    /// ui/report:2024.js
    /// scripts/aux.php
    /// ```
    ///
    /// ## Fix
    /// Rename the file; keep to letters, digits, `-`, `_` and `.`.
    pub static NON_PORTABLE_FILE_NAME = {
        code: "PKG002", name: "non-portable-file-name", group: "archive",
        severity: Error, summary: "file name cannot be used on every platform",
    };
}
