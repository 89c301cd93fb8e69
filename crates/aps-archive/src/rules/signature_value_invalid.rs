use aps_diag::rule;

rule! { SIGNATURE_VALUE_INVALID;
    //! Reports a signature whose `SignatureValue` does not verify over its `SignedInfo` with the
    //! embedded signer certificate.
    //!
    //! ## Why
    //! Either `SignedInfo` was altered or the signature was not made with the certificate's key.
    //!
    //! ## Example
    //! ```xml
    //! <ns2:SignatureValue>AAAA…</ns2:SignatureValue>
    //! ```
    //!
    //! ## Fix
    //! Sign the package again with the key that belongs to the certificate.

    /// Signature `index` (from 1) that no embedded certificate verifies.
    pub struct SignatureValueInvalid { pub index: usize } => format!(
        "signature {index}: the signature value does not verify with the embedded certificate(s)"
    );
}
