aps_diag::declare_rule! {
    /// An entry flagged `#, fuzzy`: its translation was guessed (by a merge) or marked
    /// uncertain by the translator.
    ///
    /// ## Why
    /// The catalog holds the translation all the same, so users see an unreviewed text.
    ///
    /// ## Example
    /// ```text
    /// #, fuzzy
    /// msgid "Cloud virtual private server"
    /// msgstr "Wolke virtueller privater Server"
    /// ```
    ///
    /// ## Fix
    /// Review the translation and remove the `fuzzy` flag.
    pub static FUZZY = {
        code: "LOC006", name: "fuzzy-translation", group: "i18n",
        severity: Info, summary: "fuzzy translation shipped",
    };
}
