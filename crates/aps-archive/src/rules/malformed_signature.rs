use aps_diag::declare_rule;

declare_rule! {
    /// Reports a `<Signature>` that lacks a required part (`SignedInfo`, `Reference`,
    /// `DigestValue`, `SignatureValue`, a signer certificate in `KeyInfo/X509Data`) or holds invalid
    /// Base64 or an unreadable certificate.
    ///
    /// ## Why
    /// A signature that cannot be read cannot be checked.
    ///
    /// ## Example
    /// ```xml
    /// <ns2:Signature>
    ///     <ns2:SignedInfo>…</ns2:SignedInfo>
    ///     <!-- no SignatureValue -->
    /// </ns2:Signature>
    /// ```
    ///
    /// ## Fix
    /// Sign the package again with `aps-pack sign`.
    pub static MALFORMED_SIGNATURE = {
        code: "SIG004", name: "malformed-signature", group: "archive",
        severity: Error, summary: "signature element is incomplete or malformed",
    };
}
