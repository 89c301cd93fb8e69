use aps_diag::{declare_rule, violation};

declare_rule! {
    /// The file contains bytes that are not UTF-8.
    ///
    /// APS and ZStack metadata (XML, JSON) must be UTF-8. A file saved in a
    /// legacy code page imports with garbled text or not at all.
    ///
    /// **Fix:** re-save the file as UTF-8.
    pub static NOT_UTF8 = { code: "SRC001", name: "not-utf8", group: "syntax", severity: Error, summary: "file is not valid UTF-8" };
}

/// A file with bytes that are not UTF-8.
pub struct NotUtf8;

violation! { NotUtf8 => NOT_UTF8,
    message: |_| "file is not valid UTF-8".into(),
    help: |_| "save the file as UTF-8 (without a byte-order mark is best)".into(),
}
