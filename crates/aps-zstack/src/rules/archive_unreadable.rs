use aps_diag::{declare_rule, violation};

declare_rule! {
    /// An `application.tar.gz` is not a gzip-compressed tar, is damaged, or holds no
    /// `application.json` at its top.
    ///
    /// **Why:** the marketplace server fails to import the version.
    ///
    /// **Fix:** package and publish the version again.
    pub static ARCHIVE_UNREADABLE = {
        code: "ZST222", name: "archive-unreadable", group: "zstack",
        severity: Error, summary: "an `application.tar.gz` of the repository cannot be read",
    };
}

/// A published application.tar.gz that cannot be read, and why.
pub struct ArchiveUnreadable<'a> {
    pub why: &'a str,
}

violation! { ArchiveUnreadable<'_> => ARCHIVE_UNREADABLE,
    message: |v| format!("application.tar.gz cannot be used: {}", v.why),
    help: |_| "package and publish the version again".into(),
}
