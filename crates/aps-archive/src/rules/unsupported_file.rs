use aps_diag::declare_rule;

declare_rule! {
    /// Reports something in the package folder that is not a regular file, a folder or a link to
    /// one: a broken symbolic link, a link loop, a FIFO, a socket or a device.
    ///
    /// ## Why
    /// None of these has content that can be archived; a broken link usually means the package
    /// relies on something that only exists on one machine.
    ///
    /// ## Example
    /// ```text
    /// scripts/vendor -> ../vendor   (target missing)
    /// ```
    ///
    /// ## Fix
    /// Remove it, fix the link, or exclude it in `aps-pack.toml`.
    pub static UNSUPPORTED_FILE = {
        code: "PKG007", name: "unsupported-file", group: "archive",
        severity: Error, summary: "file cannot be packaged",
    };
}
