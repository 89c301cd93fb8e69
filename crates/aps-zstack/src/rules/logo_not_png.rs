use aps_diag::declare_rule;

declare_rule! {
    /// `logo.png` does not start with the PNG signature, has no valid `IHDR` header,
    /// has a chunk whose CRC does not match, or ends before the `IEND` chunk.
    ///
    /// **Why:** ZStack only supports PNG logos; a JPEG renamed to `.png` or a truncated
    /// upload shows as a broken image in the marketplace.
    ///
    /// **Fix:** export the logo again as PNG.
    pub static LOGO_NOT_PNG = {
        code: "ZST140", name: "logo-not-png", group: "zstack",
        severity: Error, summary: "`logo.png` is not a valid PNG image",
    };
}
