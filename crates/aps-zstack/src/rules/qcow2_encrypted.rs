use aps_diag::rule;

rule! { QCOW2_ENCRYPTED;
    //! The header declares encryption (legacy AES or LUKS).
    //!
    //! **Why:** ZStack cannot boot a marketplace VM from an image whose key it does not have.
    //!
    //! **Fix:** ship an unencrypted image.

    /// An encrypted image, by the header's `crypt_method`.
    pub struct Qcow2Encrypted { pub crypt_method: u32 } => {
        let kind = match crypt_method {
            1 => "AES",
            2 => "LUKS",
            _ => "an unknown method",
        };
        format!("the image is encrypted ({kind})")
    },
        help: "ship an unencrypted image: ZStack has no key to open it".into();
}
