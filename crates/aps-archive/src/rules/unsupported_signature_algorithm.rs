use aps_diag::rule;

rule! { UNSUPPORTED_SIGNATURE_ALGORITHM;
    //! Reports a signature using a canonicalisation, transform, digest or signature algorithm that
    //! aps-pack does not implement, or a reference other than the whole document (`URI=""`).
    //!
    //! ## Why
    //! aps-pack cannot vouch for what it cannot check. Supported: C14N 1.0 and exclusive C14N (with
    //! or without comments), the enveloped-signature transform, SHA-1/256/384/512 digests,
    //! RSA PKCS#1 v1.5 and ECDSA P-256/P-384 signatures.
    //!
    //! ## Example
    //! ```xml
    //! <ns2:Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"/>
    //! ```
    //!
    //! ## Fix
    //! Sign with `aps-pack sign` (RSA-SHA256, exclusive C14N, SHA-256).

    /// Signature `index` (from 1) using something aps-pack does not check; `what` is as the
    /// signature check words it (an algorithm URI, a key size, a reference form).
    pub struct UnsupportedSignatureAlgorithm<'a> { pub index: usize, pub what: &'a str }
        => format!("signature {index}: {what}"),
        help: "aps-pack checks C14N 1.0 / exclusive C14N, enveloped signatures over URI=\"\", \
               SHA-1/256/384/512, RSA and ECDSA P-256/P-384"
            .into();
}
