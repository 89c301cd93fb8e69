//! Input and JSON syntax rules. Their codes are shared by every crate that loads files.

use aps_diag::declare_rule;

declare_rule! {
    /// The file contains bytes that are not UTF-8.
    ///
    /// APS and ZStack metadata (XML, JSON) must be UTF-8. A file saved in a
    /// legacy code page imports with garbled text or not at all.
    ///
    /// **Fix:** re-save the file as UTF-8.
    pub static NOT_UTF8 = { code: "SRC001", name: "not-utf8", group: "syntax", severity: Error, summary: "file is not valid UTF-8" };
}

declare_rule! {
    /// The metadata file is larger than aps-pack reads (64 MiB).
    ///
    /// Real APP-META.xml, schema and wizard files are kilobytes. A file this
    /// size is almost always the wrong file, and reading it whole would cost
    /// memory for nothing.
    pub static TOO_LARGE = { code: "SRC002", name: "file-too-large", group: "syntax", severity: Error, summary: "metadata file is too large" };
}

declare_rule! {
    /// A file that should be read could not be (permissions, I/O error, a folder where a file was expected).
    pub static UNREADABLE = { code: "SRC003", name: "unreadable-file", group: "syntax", severity: Error, summary: "file cannot be read" };
}

declare_rule! {
    /// The JSON text is malformed: the message says what was expected and what was found.
    ///
    /// Common causes: a trailing comma after the last item, single quotes,
    /// unquoted keys, a missing comma between members, a comment in a file
    /// that does not allow comments (only APS type schemas do).
    pub static SYNTAX = { code: "JSN001", name: "json-syntax", group: "syntax", severity: Error, summary: "malformed JSON" };
}

declare_rule! {
    /// An object has the same key twice.
    ///
    /// JSON parsers disagree on what this means: most keep the last value
    /// silently, so the first one is lost without a word. The APS platform and
    /// aps-pack cannot know which one you meant.
    ///
    /// **Fix:** remove or rename one of them.
    pub static DUPLICATE_KEY = { code: "JSN002", name: "duplicate-key", group: "syntax", severity: Error, summary: "duplicate key in a JSON object" };
}

declare_rule! {
    /// Arrays and objects are nested deeper than aps-pack accepts (128 levels).
    ///
    /// No real metadata file comes close; the limit keeps hostile input from
    /// exhausting the stack.
    pub static TOO_DEEP = { code: "JSN003", name: "json-too-deep", group: "syntax", severity: Error, summary: "JSON nested too deeply" };
}

/// The rules of this crate.
pub static ALL: &[&aps_diag::Rule] =
    &[&NOT_UTF8, &TOO_LARGE, &UNREADABLE, &SYNTAX, &DUPLICATE_KEY, &TOO_DEEP];
