use aps_diag::rule;

rule! { ARCHIVE_UNREADABLE;
    //! An `application.tar.gz` is not a gzip-compressed tar, is damaged, or holds no
    //! `application.json` at its top.
    //!
    //! **Why:** the marketplace server fails to import the version.
    //!
    //! **Fix:** package and publish the version again.

    /// A published application.tar.gz that cannot be read, and why.
    pub struct ArchiveUnreadable<'a> { pub why: &'a str }
        => format!("application.tar.gz cannot be used: {why}"),
        help: "package and publish the version again".into();
}
