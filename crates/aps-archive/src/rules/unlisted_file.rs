use aps_diag::{declare_rule, violation};

declare_rule! {
    /// Reports a file in the archive that APP-LIST.xml does not mention.
    ///
    /// ## Why
    /// A signature covers APP-LIST.xml, not the archive: an unlisted file is content nobody signed
    /// or checked, the classic way to slip something into a signed package.
    ///
    /// ## Example
    /// ```text
    /// scripts/backdoor.php (not in APP-LIST.xml)
    /// ```
    ///
    /// ## Fix
    /// Rebuild the archive with `aps-pack build`.
    pub static UNLISTED_FILE = {
        code: "PKG109", name: "unlisted-file", group: "archive",
        severity: Error, summary: "archive holds a file APP-LIST.xml does not list",
    };
}

/// A file of the archive that APP-LIST.xml does not list.
pub struct UnlistedFile<'a> {
    pub name: &'a str,
}

violation! { UnlistedFile<'_> => UNLISTED_FILE,
    message: |v| format!("`{}` is in the archive but not in APP-LIST.xml", v.name),
    help: |_| "nothing vouches for an unlisted file; rebuild the archive with `aps-pack build`".into(),
}
