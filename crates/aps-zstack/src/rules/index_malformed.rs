use aps_diag::{declare_rule, violation};

declare_rule! {
    /// `index.json` is not `{"applications": [{"app_id": …, "support_versions":
    /// [{"architecture": …, "versions": […]}]}], "update_at": <unix seconds>}`.
    ///
    /// **Why:** the marketplace server reads exactly this shape; anything else makes
    /// the whole repository invisible.
    ///
    /// **Fix:** regenerate it with `aps-pack zstack index REPO`.
    pub static INDEX_MALFORMED = {
        code: "ZST202", name: "index-malformed", group: "zstack",
        severity: Error, summary: "`index.json` does not have ZStack's shape",
    };
}

/// What index.json lacks or has in the wrong shape.
pub enum IndexMalformed<'a> {
    NotObject { found: &'a str },
    UpdateAtNotNumber,
    NoUpdateAt,
    NoApplications,
    ApplicationsNotArray,
    NoAppId,
    AppIdNotString,
    NoSupportVersions { app_id: &'a str },
    BadSupportVersion,
    ArchitectureNotString,
    VersionNotString,
}

violation! { IndexMalformed<'_> => INDEX_MALFORMED,
    message: |v| match v {
        Self::NotObject { found } => format!("index.json must be an object, found {found}"),
        Self::UpdateAtNotNumber => "`update_at` must be a number of seconds since 1970".into(),
        Self::NoUpdateAt => "`update_at` is missing".into(),
        Self::NoApplications => "`applications` is missing".into(),
        Self::ApplicationsNotArray => "`applications` must be an array".into(),
        Self::NoAppId => "an application entry has no string `app_id`".into(),
        Self::AppIdNotString => "`app_id` must be a string".into(),
        Self::NoSupportVersions { app_id } => {
            format!("application `{app_id}` has no `support_versions` array")
        }
        Self::BadSupportVersion => {
            "a `support_versions` entry needs `architecture` and a `versions` array".into()
        }
        Self::ArchitectureNotString => "`architecture` must be a string".into(),
        Self::VersionNotString => "a version must be a string".into(),
    },
    help: |_| "regenerate it with `aps-pack zstack index REPO`".into(),
}
