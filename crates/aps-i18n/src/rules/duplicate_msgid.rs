aps_diag::declare_rule! {
    /// Two entries of one PO file with the same `msgid` (and context).
    ///
    /// ## Why
    /// The catalog maps each text to one translation: the later entry silently wins, so a
    /// translator's fix to the earlier one never shows. GNU `msgfmt` refuses such files; the
    /// catalog compiler accepts them, hence a warning.
    ///
    /// ## Example
    /// ```text
    /// msgid "Save"
    /// msgstr "Speichern"
    ///
    /// msgid "Save"
    /// msgstr "Sichern"
    /// ```
    ///
    /// ## Fix
    /// Keep one entry per text (`msguniq` merges them).
    pub static DUPLICATE_MSGID = {
        code: "LOC002", name: "duplicate-msgid", group: "i18n",
        severity: Warning, summary: "the same `msgid` twice in a PO file",
    };
}
