use aps_diag::{declare_rule, violation};

declare_rule! {
    /// An application, an architecture of one application, or a version of one
    /// architecture appears twice in `index.json`.
    ///
    /// **Why:** servers disagree on which entry wins; the repository's content becomes ambiguous.
    ///
    /// **Fix:** regenerate the index with `aps-pack zstack index REPO`.
    pub static INDEX_DUPLICATE = {
        code: "ZST205", name: "index-duplicate", group: "zstack",
        severity: Error, summary: "`index.json` lists the same application, architecture or version twice",
    };
}

/// An application, an architecture of one, or a version of one listed twice.
pub enum IndexDuplicate<'a> {
    App { app_id: &'a str },
    Arch { app_id: &'a str, arch: &'a str },
    Version { app_id: &'a str, arch: &'a str, version: &'a str },
}

violation! { IndexDuplicate<'_> => INDEX_DUPLICATE,
    message: |v| match v {
        Self::App { app_id } => format!("application `{app_id}` is listed twice"),
        Self::Arch { app_id, arch } => format!("architecture `{arch}` of `{app_id}` is listed twice"),
        Self::Version { app_id, arch, version } => {
            format!("version `{version}` of `{app_id}` {arch} is listed twice")
        }
    },
    help: |_| "regenerate the index with `aps-pack zstack index REPO`".into(),
}
