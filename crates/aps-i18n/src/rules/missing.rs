use super::short;
use crate::locale;
use aps_diag::rule;

rule! { MISSING_TRANSLATION;
    //! A text the package shows (a `_("…")` call in `ui/**/*.js`, or a text of APP-META.xml the
    //! platform translates: summaries, descriptions, changelog entries, labels) that has no
    //! entry in some `i18n/<locale>.po`. Reported once per text, at its first use, naming the
    //! locales that lack it.
    //!
    //! ## Why
    //! The UI shows the untranslated text in those locales.
    //!
    //! ## Example
    //! ```text
    //! title: _('Company Settings')   // no msgid "Company Settings" in i18n/de_DE.po
    //! ```
    //!
    //! ## Fix
    //! Run `aps-pack i18n extract --locale <locale>` to add the missing entries, then translate them.

    /// A text of the package that the PO files `lacking` (their paths) have no entry for.
    pub struct MissingTranslation<'a> { pub msgid: &'a str, pub lacking: &'a [&'a str] }
        => format!("`{}` has no entry in {}", short(msgid), lacking.join(", ")),
        help?: {
            let locales: Vec<&str> = lacking.iter().map(|r| locale::of_path(r)).collect();
            Some(format!(
                "run `aps-pack i18n extract --locale {}` and translate the new entries",
                locales.join(" --locale ")
            ))
        };
}
