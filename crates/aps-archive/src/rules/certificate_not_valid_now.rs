use aps_diag::rule;

rule! { CERTIFICATE_NOT_VALID_NOW;
    //! With `--trust`, reports a certificate of the signer's chain whose validity period does not
    //! include the current time.
    //!
    //! ## Why
    //! An expired signing certificate is no longer vouched for by its issuer.
    //!
    //! ## Example
    //! ```text
    //! CN=Example Signer: expired 2023-05-01
    //! ```
    //!
    //! ## Fix
    //! Sign the package again with a current certificate.

    /// Signature `index` (from 1) whose chain holds a certificate not valid now.
    pub struct CertificateNotValidNow<'a> { pub index: usize, pub why: &'a str }
        => format!("signature {index}: {why}"),
        help: "a signature is trusted only while every certificate of its chain is valid; ask for the \
               package signed again with current certificates"
            .into();
}
