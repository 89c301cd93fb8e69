use aps_diag::rule;

rule! { UNINDEXABLE_NAME;
    //! An application or version folder of the repository has a name that is not a
    //! valid application id or version (characters other than ASCII letters, digits,
    //! `.`, `_`, `-`, `+`, or a leading `.` or `-`), or an architecture folder is not
    //! one ZStack knows (`x86_64`, `aarch64`); the index (both aps-pack's and the
    //! `.bin` installer's) skips it.
    //!
    //! **Why:** names must survive the installer's shell code and the JSON index
    //! byte for byte, and the marketplace cannot offer an application it cannot name
    //! or an architecture it does not run.
    //!
    //! **Fix:** rename the folder (application ids use letters, digits, `.`, `_`, `-`, `+`).

    /// A folder of the repository left out of the index because of its name, and why.
    pub struct UnindexableName<'a> { pub rel: &'a str, pub why: &'a str }
        => format!("`{rel}` is left out of index.json: {why}"),
        help: "rename the folder (letters, digits, `.`, `_`, `-`, `+`; architectures x86_64 or aarch64)".into();
}
