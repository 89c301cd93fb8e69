use aps_diag::declare_rule;

declare_rule! {
    /// Reports a signature whose `SignatureValue` does not verify over its `SignedInfo` with the
    /// embedded signer certificate.
    ///
    /// ## Why
    /// Either `SignedInfo` was altered or the signature was not made with the certificate's key.
    ///
    /// ## Example
    /// ```xml
    /// <ns2:SignatureValue>AAAA…</ns2:SignatureValue>
    /// ```
    ///
    /// ## Fix
    /// Sign the package again with the key that belongs to the certificate.
    pub static SIGNATURE_VALUE_INVALID = {
        code: "SIG003", name: "signature-value-invalid", group: "archive",
        severity: Error, summary: "signature value does not verify",
    };
}
