use crate::names::json_string;
use aps_diag::rule;

rule! { UNSAFE_NAME;
    //! `appId` is empty, or holds characters other than ASCII letters, digits, `.`,
    //! `_`, `-`, or starts with `.` or `-`, or is longer than 128 characters.
    //!
    //! **Why:** the application id becomes a folder of the repository, part of the
    //! `.bin` file name and a value in the installer's shell code and in `index.json`;
    //! anything else can escape the folder (`../`), break the installer, or be
    //! skipped by the index.
    //!
    //! **Fix:** use an id such as `zstack.io.grafana`.

    /// `appId` that cannot name a repository folder: why, and what is allowed.
    pub struct UnsafeName<'a> { pub app_id: &'a str, pub reason: &'a str, pub explain: &'a str }
        => format!("`appId` {} cannot be a repository folder name: {}", json_string(app_id), reason),
        help: format!("use {explain}");
}
