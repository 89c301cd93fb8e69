use super::short;
use aps_diag::rule;

rule! { DUPLICATE_MSGID;
    //! Two entries of one PO file with the same `msgid` (and context).
    //!
    //! ## Why
    //! The catalog maps each text to one translation: the later entry silently wins, so a
    //! translator's fix to the earlier one never shows. GNU `msgfmt` refuses such files; the
    //! catalog compiler accepts them, hence a warning.
    //!
    //! ## Example
    //! ```text
    //! msgid "Save"
    //! msgstr "Speichern"
    //!
    //! msgid "Save"
    //! msgstr "Sichern"
    //! ```
    //!
    //! ## Fix
    //! Keep one entry per text (`msguniq` merges them).

    /// A second entry for a text (and context) of the file.
    pub struct DuplicateMsgid<'a> { pub msgid: &'a str }
        => format!("`{}` has a second entry; the catalog keeps only the last translation", short(msgid)),
        help: "keep one entry per text (`msguniq` merges them)".into();
}
