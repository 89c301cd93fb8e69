use aps_diag::rule;

rule! { SIGNATURE_DIGEST_MISMATCH;
    //! Reports a signature whose reference digest no longer matches APP-LIST.xml: the file list was
    //! changed after it was signed.
    //!
    //! ## Why
    //! Every file's hash is in APP-LIST.xml; a changed list means the package is not what the signer
    //! signed.
    //!
    //! ## Example
    //! ```xml
    //! <ns2:DigestValue>Q2hh…</ns2:DigestValue>   <!-- APP-LIST.xml now digests to a different value -->
    //! ```
    //!
    //! ## Fix
    //! Rebuild and sign the package again.

    /// Signature `index` (from 1) whose reference digest does not match.
    pub struct SignatureDigestMismatch { pub index: usize } => format!(
        "signature {index}: APP-LIST.xml was changed after it was signed (the digest of the signed content differs)"
    );
}
