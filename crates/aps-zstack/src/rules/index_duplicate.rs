use aps_diag::rule;

rule! { INDEX_DUPLICATE;
    //! An application, an architecture of one application, or a version of one
    //! architecture appears twice in `index.json`.
    //!
    //! **Why:** servers disagree on which entry wins; the repository's content becomes ambiguous.
    //!
    //! **Fix:** regenerate the index with `aps-pack zstack index REPO`.

    /// An application, an architecture of one, or a version of one listed twice.
    pub enum IndexDuplicate<'a> {
        App { app_id: &'a str } => format!("application `{app_id}` is listed twice");
        Arch { app_id: &'a str, arch: &'a str }
            => format!("architecture `{arch}` of `{app_id}` is listed twice");
        Version { app_id: &'a str, arch: &'a str, version: &'a str }
            => format!("version `{version}` of `{app_id}` {arch} is listed twice");
    } help: "regenerate the index with `aps-pack zstack index REPO`".into();
}
