use aps_diag::rule;

rule! { SIZE_MISMATCH;
    //! Reports a file whose size differs from the `size` APP-LIST.xml gives for it.
    //!
    //! ## Why
    //! The file was changed after APP-LIST.xml was written.
    //!
    //! ## Example
    //! ```xml
    //! <file name="APP-META.xml" size="1200" sha256="…"/>   <!-- the entry holds 1342 bytes -->
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    /// A file whose size is not the listed one.
    pub struct SizeMismatch<'a> { pub name: &'a str, pub size: u64, pub listed: u64 }
        => format!("`{name}` holds {size} bytes, APP-LIST.xml says {listed}");
}
