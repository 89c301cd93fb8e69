use aps_diag::{declare_rule, violation};

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

/// An encrypted image, by the header's `crypt_method`.
pub struct Qcow2Encrypted {
    pub crypt_method: u32,
}

violation! { Qcow2Encrypted => QCOW2_ENCRYPTED,
    message: |v| {
        let kind = match v.crypt_method {
            1 => "AES",
            2 => "LUKS",
            _ => "an unknown method",
        };
        format!("the image is encrypted ({kind})")
    },
    help: |_| "ship an unencrypted image: ZStack has no key to open it".into(),
}
