use aps_diag::rule;

rule! { INDEX_MALFORMED;
    //! `index.json` is not `{"applications": [{"app_id": …, "support_versions":
    //! [{"architecture": …, "versions": […]}]}], "update_at": <unix seconds>}`.
    //!
    //! **Why:** the marketplace server reads exactly this shape; anything else makes
    //! the whole repository invisible.
    //!
    //! **Fix:** regenerate it with `aps-pack zstack index REPO`.

    /// What index.json lacks or has in the wrong shape.
    pub enum IndexMalformed<'a> {
        NotObject { found: &'a str } => format!("index.json must be an object, found {found}");
        UpdateAtNotNumber => "`update_at` must be a number of seconds since 1970".into();
        NoUpdateAt => "`update_at` is missing".into();
        NoApplications => "`applications` is missing".into();
        ApplicationsNotArray => "`applications` must be an array".into();
        NoAppId => "an application entry has no string `app_id`".into();
        AppIdNotString => "`app_id` must be a string".into();
        NoSupportVersions { app_id: &'a str }
            => format!("application `{app_id}` has no `support_versions` array");
        BadSupportVersion => "a `support_versions` entry needs `architecture` and a `versions` array".into();
        ArchitectureNotString => "`architecture` must be a string".into();
        VersionNotString => "a version must be a string".into();
    } help: "regenerate it with `aps-pack zstack index REPO`".into();
}
