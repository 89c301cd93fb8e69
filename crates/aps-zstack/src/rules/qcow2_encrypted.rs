use aps_diag::{declare_rule, Rule, Violation};

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

impl Violation for Qcow2Encrypted {
    fn rule(&self) -> &'static Rule {
        &QCOW2_ENCRYPTED
    }
    fn message(&self) -> String {
        let kind = match self.crypt_method {
            1 => "AES",
            2 => "LUKS",
            _ => "an unknown method",
        };
        format!("the image is encrypted ({kind})")
    }
    fn help(&self) -> Option<String> {
        Some("ship an unencrypted image: ZStack has no key to open it".into())
    }
}
