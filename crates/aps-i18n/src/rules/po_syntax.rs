aps_diag::declare_rule! {
    /// A line of an `i18n/*.po` file that is not PO: an unknown keyword, a string without
    /// quotes, an unknown escape, text after the closing quote, a `msgstr` without `msgid`.
    ///
    /// ## Why
    /// The official build compiles every PO file into the JSON catalog the platform's UI
    /// loads; a file it cannot read gives no catalog (or a wrong one), and aps-pack does not
    /// compile it either. The finding says the line and column.
    ///
    /// ## Example
    /// ```text
    /// msgid "Save"
    /// msgstr Speichern
    /// ```
    ///
    /// ## Fix
    /// Quote the text (`msgstr "Speichern"`); escape `"` and `\` inside strings; edit PO
    /// files with a PO editor (Poedit) or `aps-pack i18n extract`.
    pub static PO_SYNTAX = {
        code: "LOC001", name: "po-syntax", group: "i18n",
        severity: Error, summary: "malformed PO file",
    };
}
