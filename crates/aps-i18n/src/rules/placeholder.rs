aps_diag::declare_rule! {
    /// A translation that lacks a placeholder of its `msgid` (`${value}`, `__name__`, `%s`,
    /// `{0}`), or has one the `msgid` does not. The finding points at the `msgstr`.
    ///
    /// ## Why
    /// The UI fills placeholders in by name or position: a dropped `${maximum}` loses the
    /// number from the sentence, an invented one is shown literally.
    ///
    /// ## Example
    /// ```text
    /// msgid "${value} GB used of ${maximum} GB"
    /// msgstr "${value} GB verwendet"
    /// ```
    ///
    /// ## Fix
    /// Keep every placeholder of the `msgid`, spelt the same (their order may change).
    pub static PLACEHOLDER = {
        code: "LOC005", name: "placeholder-mismatch", group: "i18n",
        severity: Warning, summary: "translation drops or invents a placeholder",
    };
}
