use aps_diag::declare_rule;

declare_rule! {
    /// With `--trust CERT.pem`, reports a signature whose certificate does not chain (through the
    /// certificates embedded in the signature) to one of the trusted certificates.
    ///
    /// ## Why
    /// A valid signature only proves that *someone* signed the package; trust comes from knowing the
    /// signer.
    ///
    /// ## Example
    /// ```text
    /// signer CN=Unknown Vendor, issued by CN=Unknown CA
    /// ```
    ///
    /// ## Fix
    /// Check who signed the package; if the signer is expected, add its CA certificate with `--trust`.
    pub static UNTRUSTED_SIGNER = {
        code: "SIG006", name: "untrusted-signer", group: "archive",
        severity: Error, summary: "signer certificate does not chain to a trusted certificate",
    };
}
