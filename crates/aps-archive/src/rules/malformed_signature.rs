use aps_diag::rule;

rule! { MALFORMED_SIGNATURE;
    //! Reports a `<Signature>` that lacks a required part (`SignedInfo`, `Reference`,
    //! `DigestValue`, `SignatureValue`, a signer certificate in `KeyInfo/X509Data`) or holds invalid
    //! Base64 or an unreadable certificate.
    //!
    //! ## Why
    //! A signature that cannot be read cannot be checked.
    //!
    //! ## Example
    //! ```xml
    //! <ns2:Signature>
    //!     <ns2:SignedInfo>…</ns2:SignedInfo>
    //!     <!-- no SignatureValue -->
    //! </ns2:Signature>
    //! ```
    //!
    //! ## Fix
    //! Sign the package again with `aps-pack sign`.

    /// Signature `index` (from 1) that does not have the structure XML-DSig requires. The
    /// signature check is one walk over the `<Signature>` element and words each fault where
    /// it finds it (`fault`).
    pub struct MalformedSignature<'a> { pub index: usize, pub fault: &'a str }
        => format!("signature {index}: {fault}");
}
