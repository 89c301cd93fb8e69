use aps_diag::declare_rule;

declare_rule! {
    /// Reports an entry whose compressed data is damaged, whose CRC-32 does not match, or which
    /// decompresses to a different size than its header declares.
    ///
    /// ## Why
    /// The archive was damaged in transfer, or crafted to lie about its content.
    ///
    /// ## Example
    /// ```text
    /// ui/app.js: CRC-32 is 1a2b3c4d, header says 99aa0011
    /// ```
    ///
    /// ## Fix
    /// Download or build the archive again.
    pub static CORRUPT_ENTRY_DATA = {
        code: "PKG105", name: "corrupt-entry-data", group: "archive",
        severity: Error, summary: "entry data does not decompress to what its header says",
    };
}
