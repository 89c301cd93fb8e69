use aps_diag::rule;

rule! { UNTRUSTED_SIGNER;
    //! With `--trust CERT.pem`, reports a signature whose certificate does not chain (through the
    //! certificates embedded in the signature) to one of the trusted certificates.
    //!
    //! ## Why
    //! A valid signature only proves that *someone* signed the package; trust comes from knowing the
    //! signer.
    //!
    //! ## Example
    //! ```text
    //! signer CN=Unknown Vendor, issued by CN=Unknown CA
    //! ```
    //!
    //! ## Fix
    //! Check who signed the package; if the signer is expected, add its CA certificate with `--trust`.

    /// Signature `index` (from 1) whose signer does not chain to a trusted certificate.
    pub struct UntrustedSigner<'a> {
        pub index: usize,
        pub signer: &'a str,
        pub why: &'a str,
        /// Whether the chain reaches a trusted certificate but breaks a path rule.
        pub constraint: bool,
    } => format!("signature {index}: signer `{signer}` is not trusted: {why}"),
        help: if *constraint {
            "the chain reaches a trusted certificate but breaks RFC 5280 path rules; the signer needs a \
             certificate issued under a correctly constrained CA"
                .into()
        } else {
            "pass the certificate of the signer's CA with --trust, if you trust it".into()
        };
}
