use aps_diag::declare_rule;

declare_rule! {
    /// Reports an entry that is encrypted, is stored as a symbolic link, or uses a compression
    /// method other than stored (0) or deflate (8).
    ///
    /// ## Why
    /// The APS controller reads plain stored or deflated entries. A symbolic link inside an archive
    /// can point anywhere on the machine that unpacks it.
    ///
    /// ## Example
    /// ```text
    /// scripts/config.php: symbolic link to /etc/passwd
    /// ```
    ///
    /// ## Fix
    /// Rebuild the archive with `aps-pack build`.
    pub static UNSUPPORTED_ENTRY = {
        code: "PKG106", name: "unsupported-archive-entry", group: "archive",
        severity: Error, summary: "entry is encrypted, a symbolic link or uses an unknown compression",
    };
}
