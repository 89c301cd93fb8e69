use aps_diag::rule;

rule! { UNSIGNED_PACKAGE;
    //! With `--require-signature`, reports a package whose APP-LIST.xml carries no XML signature.
    //!
    //! ## Why
    //! Only a signature tells who built the package and that nobody changed it since.
    //!
    //! ## Example
    //! ```xml
    //! <files xmlns="http://apstandard.com/ns/1" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#">
    //!     <file …/>
    //! </files>   <!-- no <ns2:Signature> -->
    //! ```
    //!
    //! ## Fix
    //! Sign it: `aps-pack sign PKG.app.zip --sign-pfx signer.pfx`.

    /// A package without a signature, where one is required.
    pub enum UnsignedPackage {
        Unsigned => "the package is not signed".into(),
            help: "sign it with `aps-pack sign PKG.app.zip --sign-pfx FILE`".into();
        /// No readable APP-LIST.xml to hold a signature.
        NoAppList => "the package is not signed (it has no readable APP-LIST.xml)".into();
    }
}
