use aps_diag::rule;

rule! { PO_SYNTAX;
    //! A line of an `i18n/*.po` file that is not PO: an unknown keyword, a string without
    //! quotes, an unknown escape, text after the closing quote, a `msgstr` without `msgid`.
    //!
    //! ## Why
    //! The official build compiles every PO file into the JSON catalog the platform's UI
    //! loads; a file it cannot read gives no catalog (or a wrong one), and aps-pack does not
    //! compile it either. The finding says the line and column.
    //!
    //! ## Example
    //! ```text
    //! msgid "Save"
    //! msgstr Speichern
    //! ```
    //!
    //! ## Fix
    //! Quote the text (`msgstr "Speichern"`); escape `"` and `\` inside strings; edit PO
    //! files with a PO editor (Poedit) or `aps-pack i18n extract`.

    impl PoSyntax<'_> {
        message: |v| match v {
            Self::Unreadable { error } => format!("cannot read the PO file: {error}"),
            _ => format!("malformed PO file: {}", v.fault().0),
        },
        help?: |v| match v {
            Self::Unreadable { .. } => None,
            _ => Some(v.fault().1.to_string()),
        },
    }
}

/// What is wrong with a PO file's lines (or why it could not be read).
pub enum PoSyntax<'a> {
    Unreadable { error: &'a dyn std::fmt::Display },
    OrphanString,
    UnknownKeyword { keyword: &'a str },
    NoString { keyword: &'a str },
    MsgidWithoutMsgstr,
    MisplacedPlural,
    MsgstrWithoutMsgid { keyword: &'a str },
    PluralFormWithoutPlural,
    PlainMsgstrInPlural,
    EntryWithoutMsgstr,
    TextAfterQuote,
    UnknownEscape { escape: char },
    Unclosed,
}

impl PoSyntax<'_> {
    /// The fault and how to mend it, for the malformed lines.
    fn fault(&self) -> (String, &'static str) {
        match self {
            Self::Unreadable { .. } => (String::new(), ""),
            Self::OrphanString => (
                "a string with no keyword before it".into(),
                "continuation strings follow a `msgid`, `msgstr` or `msgctxt` line",
            ),
            Self::UnknownKeyword { keyword } => (
                format!("`{}` is not a PO keyword", keyword.chars().take(30).collect::<String>()),
                "a PO line is a comment (`#`), a keyword (`msgctxt`, `msgid`, `msgid_plural`, `msgstr`, `msgstr[N]`) followed by a string, or a continuation string",
            ),
            Self::NoString { keyword } => (
                format!("`{keyword}` must be followed by a quoted string"),
                "write the text in double quotes, e.g. msgstr \"\"",
            ),
            Self::MsgidWithoutMsgstr => (
                "a `msgid` without a `msgstr` before this one".into(),
                "add `msgstr \"\"` after the previous msgid",
            ),
            Self::MisplacedPlural => (
                "`msgid_plural` not right after a `msgid`".into(),
                "put `msgid_plural` after the entry's msgid",
            ),
            Self::MsgstrWithoutMsgid { keyword } => {
                (format!("`{keyword}` without a `msgid` before it"), "every entry starts with msgid \"…\"")
            }
            Self::PluralFormWithoutPlural => (
                "`msgstr[N]` in an entry without `msgid_plural`".into(),
                "use `msgstr \"…\"`, or add `msgid_plural`",
            ),
            Self::PlainMsgstrInPlural => (
                "plain `msgstr` in an entry with `msgid_plural`".into(),
                "plural entries take `msgstr[0]`, `msgstr[1]`…",
            ),
            Self::EntryWithoutMsgstr => ("an entry without `msgstr`".into(), "add `msgstr \"\"` after the msgid"),
            Self::TextAfterQuote => (
                "text after the closing quote".into(),
                "put each string on a line of its own; escape quotes inside a string as \\\"",
            ),
            Self::UnknownEscape { escape } => (
                format!("unknown escape `\\{escape}`"),
                "PO strings know \\n, \\t, \\r, \\\\ and \\\"; write a backslash as \\\\",
            ),
            Self::Unclosed => (
                "the string has no closing quote".into(),
                "end the string with \" on the same line; continue long texts on the next line in a new string",
            ),
        }
    }
}
