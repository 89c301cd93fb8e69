use aps_diag::declare_rule;

declare_rule! {
    /// Reports an archive whose entries declare more uncompressed data than the limit (8 GiB by
    /// default, `--max-size`), an entry compressed more than the ratio limit (200:1 by default,
    /// `--max-ratio`, for entries over 64 MiB), too many entries, or entries whose data overlap.
    /// Nothing is decompressed once this is found.
    ///
    /// ## Why
    /// These are the marks of a decompression bomb: a small file built to exhaust the disk or memory
    /// of whoever unpacks it.
    ///
    /// ## Example
    /// ```text
    /// data.bin: 10 GiB compressed into 10 MiB (1024:1)
    /// ```
    ///
    /// ## Fix
    /// If the archive is genuine, raise `--max-size` or `--max-ratio`.
    pub static ARCHIVE_TOO_LARGE = {
        code: "PKG104", name: "archive-too-large", group: "archive",
        severity: Error, summary: "archive would expand beyond the limits (zip bomb)",
    };
}
