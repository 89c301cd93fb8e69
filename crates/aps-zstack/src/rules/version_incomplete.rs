use aps_diag::{declare_rule, violation};

declare_rule! {
    /// A `app/arch/version/` folder lacks `application.tar.gz`.
    ///
    /// **Why:** ZStack's index counts every version folder, so the marketplace offers a
    /// version that cannot be installed.
    ///
    /// **Fix:** publish the version again, or remove the folder and regenerate the index.
    pub static VERSION_INCOMPLETE = {
        code: "ZST220", name: "version-incomplete", group: "zstack",
        severity: Error, summary: "a version folder of the repository has no `application.tar.gz`",
    };
}

/// A version folder (`rel`: `app/arch/version`) without application.tar.gz.
pub struct VersionIncomplete<'a> {
    pub rel: &'a str,
}

violation! { VersionIncomplete<'_> => VERSION_INCOMPLETE,
    message: |v| format!("{}/ has no application.tar.gz", v.rel),
    help: |_| "publish the version again, or remove the folder and regenerate the index".into(),
}
