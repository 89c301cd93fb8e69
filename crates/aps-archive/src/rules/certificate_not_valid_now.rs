use aps_diag::declare_rule;

declare_rule! {
    /// With `--trust`, reports a certificate of the signer's chain whose validity period does not
    /// include the current time.
    ///
    /// ## Why
    /// An expired signing certificate is no longer vouched for by its issuer.
    ///
    /// ## Example
    /// ```text
    /// CN=Example Signer: expired 2023-05-01
    /// ```
    ///
    /// ## Fix
    /// Sign the package again with a current certificate.
    pub static CERTIFICATE_NOT_VALID_NOW = {
        code: "SIG007", name: "certificate-not-valid-now", group: "archive",
        severity: Error, summary: "certificate in the signer's chain is expired or not yet valid",
    };
}
