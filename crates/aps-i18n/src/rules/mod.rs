//! The rules this crate reports, one per file.

mod catalog_compiled;
mod charset;
mod duplicate_msgid;
mod fuzzy;
mod locale_name;
mod missing;
mod placeholder;
mod po_syntax;
mod stale_catalog;

pub use catalog_compiled::CATALOG_COMPILED;
pub use charset::CHARSET;
pub use duplicate_msgid::DUPLICATE_MSGID;
pub use fuzzy::FUZZY;
pub use locale_name::LOCALE_NAME;
pub use missing::MISSING_TRANSLATION;
pub use placeholder::PLACEHOLDER;
pub use po_syntax::PO_SYNTAX;
pub use stale_catalog::STALE_CATALOG;

/// The rules of this crate.
pub static ALL: &[&aps_diag::Rule] = &[
    &PO_SYNTAX,
    &DUPLICATE_MSGID,
    &LOCALE_NAME,
    &CHARSET,
    &PLACEHOLDER,
    &FUZZY,
    &MISSING_TRANSLATION,
    &STALE_CATALOG,
    &CATALOG_COMPILED,
];
