use aps_diag::declare_rule;

declare_rule! {
    /// Reports a signature that uses SHA-1 for its digest or signature.
    ///
    /// ## Why
    /// Collisions for SHA-1 are practical: it no longer protects a signature.
    ///
    /// ## Example
    /// ```xml
    /// <ns2:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>
    /// ```
    ///
    /// ## Fix
    /// Sign again with `aps-pack sign` (RSA-SHA256).
    pub static WEAK_SIGNATURE_ALGORITHM = {
        code: "SIG008", name: "weak-signature-algorithm", group: "archive",
        severity: Warning, summary: "signature relies on SHA-1",
    };
}
