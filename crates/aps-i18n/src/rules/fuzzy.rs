use super::short;
use crate::po::{Entry, PoFile};
use aps_diag::{rule, Diagnostic, Violation};

rule! { FUZZY;
    //! An entry flagged `#, fuzzy`: its translation was guessed (by a merge) or marked
    //! uncertain by the translator.
    //!
    //! ## Why
    //! The catalog holds the translation all the same, so users see an unreviewed text.
    //!
    //! ## Example
    //! ```text
    //! #, fuzzy
    //! msgid "Cloud virtual private server"
    //! msgstr "Wolke virtueller privater Server"
    //! ```
    //!
    //! ## Fix
    //! Review the translation and remove the `fuzzy` flag.

    /// A shipped translation marked fuzzy.
    pub struct Fuzzy<'a> { pub msgid: &'a str }
        => format!("the translation of `{}` is marked fuzzy but is shipped", short(msgid)),
        help: "review the translation and remove `#, fuzzy`".into();
}

/// An entry with a translation that is flagged `#, fuzzy`.
pub(crate) fn check(po: &PoFile, entry: &Entry, diags: &mut Vec<Diagnostic>) {
    let Some(id) = &entry.msgid else { return };
    if entry.is_fuzzy() && !entry.translation().is_empty() {
        diags.push(Fuzzy { msgid: &id.value }.diagnostic().at(&po.file, id.span));
    }
}
