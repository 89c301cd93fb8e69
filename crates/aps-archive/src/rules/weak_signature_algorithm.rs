use aps_diag::rule;

rule! { WEAK_SIGNATURE_ALGORITHM;
    //! Reports a signature that uses SHA-1 for its digest or signature.
    //!
    //! ## Why
    //! Collisions for SHA-1 are practical: it no longer protects a signature.
    //!
    //! ## Example
    //! ```xml
    //! <ns2:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>
    //! ```
    //!
    //! ## Fix
    //! Sign again with `aps-pack sign` (RSA-SHA256).

    /// Signature `index` (from 1) relying on SHA-1.
    pub enum WeakSignatureAlgorithm {
        RsaSha1 { index: usize }
            => format!("signature {index}: signs with RSA-SHA1, which no longer resists forgery");
        Sha1Digest { index: usize } => format!("signature {index}: uses a SHA-1 digest");
    }
}
