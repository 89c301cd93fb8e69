aps_diag::declare_rule! {
    /// A text the package shows (a `_("…")` call in `ui/**/*.js`, or a text of APP-META.xml the
    /// platform translates: summaries, descriptions, changelog entries, labels) that has no
    /// entry in some `i18n/<locale>.po`. Reported once per text, at its first use, naming the
    /// locales that lack it.
    ///
    /// ## Why
    /// The UI shows the untranslated text in those locales.
    ///
    /// ## Example
    /// ```text
    /// title: _('Company Settings')   // no msgid "Company Settings" in i18n/de_DE.po
    /// ```
    ///
    /// ## Fix
    /// Run `aps-pack i18n extract --locale <locale>` to add the missing entries, then translate them.
    pub static MISSING_TRANSLATION = {
        code: "LOC007", name: "missing-translation", group: "i18n",
        severity: Info, summary: "string used by the package missing from a locale",
    };
}
