use aps_diag::rule;

rule! {
    /// A `app/arch/version/` folder lacks `application.tar.gz`.
    ///
    /// **Why:** ZStack's index counts every version folder, so the marketplace offers a
    /// version that cannot be installed.
    ///
    /// **Fix:** publish the version again, or remove the folder and regenerate the index.
    pub static VERSION_INCOMPLETE: "ZST220" "version-incomplete" zstack Error
        "a version folder of the repository has no `application.tar.gz`";

    /// A version folder (`rel`: `app/arch/version`) without application.tar.gz.
    pub struct VersionIncomplete<'a> { pub rel: &'a str } => format!("{rel}/ has no application.tar.gz"),
        help: "publish the version again, or remove the folder and regenerate the index".into();
}
