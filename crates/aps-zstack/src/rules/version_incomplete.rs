use aps_diag::rule;

rule! { VERSION_INCOMPLETE;
    //! A `app/arch/version/` folder lacks `application.tar.gz`.
    //!
    //! **Why:** ZStack's index counts every version folder, so the marketplace offers a
    //! version that cannot be installed.
    //!
    //! **Fix:** publish the version again, or remove the folder and regenerate the index.

    /// A version folder (`rel`: `app/arch/version`) without application.tar.gz.
    pub struct VersionIncomplete<'a> { pub rel: &'a str } => format!("{rel}/ has no application.tar.gz"),
        help: "publish the version again, or remove the folder and regenerate the index".into();
}
