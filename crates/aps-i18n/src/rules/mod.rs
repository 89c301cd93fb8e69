//! The rules this crate reports, one per file: each file holds a rule's declaration (its doc
//! comment is its documentation), its typed violations and, where the check is a
//! self-contained predicate over a PO file or an entry, the check itself (`check`).

mod catalog_compiled;
pub(crate) mod charset;
mod duplicate_msgid;
pub(crate) mod fuzzy;
pub(crate) mod locale_name;
mod missing;
pub(crate) mod placeholder;
mod po_syntax;
mod stale_catalog;

pub use catalog_compiled::{CatalogCompiled, CATALOG_COMPILED};
pub use charset::{Charset, CHARSET};
pub use duplicate_msgid::{DuplicateMsgid, DUPLICATE_MSGID};
pub use fuzzy::{Fuzzy, FUZZY};
pub use locale_name::{LocaleName, LOCALE_NAME};
pub use missing::{MissingTranslation, MISSING_TRANSLATION};
pub use placeholder::{Placeholder, PLACEHOLDER};
pub use po_syntax::{PoSyntax, PO_SYNTAX};
pub use stale_catalog::{StaleCatalog, STALE_CATALOG};

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

/// A msgid as messages quote it: on one line, at most 60 characters.
fn short(s: &str) -> String {
    let one_line = s.replace('\n', "\\n");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(60).collect::<String>())
    } else {
        one_line
    }
}
