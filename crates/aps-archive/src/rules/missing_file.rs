use aps_diag::rule;

rule! { MISSING_FILE;
    //! Reports a `<file>` of APP-LIST.xml with no matching entry in the archive.
    //!
    //! ## Why
    //! The package is incomplete: the controller refuses it, or installs an application that fails
    //! when it needs the file.
    //!
    //! ## Example
    //! ```xml
    //! <file name="ui/app.js" size="120" sha256="…"/>   <!-- no ui/app.js in the archive -->
    //! ```
    //!
    //! ## Fix
    //! Rebuild the archive with `aps-pack build`.

    /// A listed file the archive does not hold.
    pub struct MissingFile<'a> { pub name: &'a str }
        => format!("`{name}` is listed in APP-LIST.xml but missing from the archive");
}
