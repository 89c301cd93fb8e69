//! The rules of PO files, catalogs and translations.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

aps_diag::rules! {
    "LOC001" "po-syntax" i18n Error po_syntax::PO_SYNTAX
        "malformed PO file";
    "LOC002" "duplicate-msgid" i18n Warning duplicate_msgid::DUPLICATE_MSGID
        "the same `msgid` twice in a PO file";
    "LOC003" "locale-name" i18n Warning locale_name::LOCALE_NAME
        "locale name not `ll`/`ll_CC`, or not the one the file states";
    "LOC004" "po-charset" i18n Error charset::CHARSET
        "PO file not in UTF-8";
    "LOC005" "placeholder-mismatch" i18n Warning placeholder::PLACEHOLDER
        "translation drops or invents a placeholder";
    "LOC006" "fuzzy-translation" i18n Info fuzzy::FUZZY
        "fuzzy translation shipped";
    "LOC007" "missing-translation" i18n Info missing::MISSING_TRANSLATION
        "string used by the package missing from a locale";
    "LOC008" "stale-catalog" i18n Warning stale_catalog::STALE_CATALOG
        "committed catalog disagrees with its PO file";
    "LOC009" "catalog-compiled" i18n Info catalog_compiled::CATALOG_COMPILED
        "catalog compiled from its PO file at build";
}

pub use catalog_compiled::CatalogCompiled;
pub use charset::Charset;
pub use duplicate_msgid::DuplicateMsgid;
pub use fuzzy::Fuzzy;
pub use locale_name::LocaleName;
pub use missing::MissingTranslation;
pub use placeholder::Placeholder;
pub use po_syntax::PoSyntax;
pub use stale_catalog::StaleCatalog;

/// A msgid as messages quote it: on one line, at most 60 characters.
fn short(s: &str) -> String {
    let one_line = s.replace('\n', "\\n");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(60).collect::<String>())
    } else {
        one_line
    }
}
