use aps_diag::declare_rule;

declare_rule! {
    /// The header declares encryption (legacy AES or LUKS).
    ///
    /// **Why:** ZStack cannot boot a marketplace VM from an image whose key it does not have.
    ///
    /// **Fix:** ship an unencrypted image.
    pub static QCOW2_ENCRYPTED = {
        code: "ZST153", name: "qcow2-encrypted", group: "zstack",
        severity: Error, summary: "the qcow2 image is encrypted",
    };
}
