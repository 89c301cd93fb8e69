//! Input and JSON syntax rules. Their codes are shared by every crate that loads files.
//! Each file holds a rule's declaration, its documentation and its typed violations.

mod duplicate_key;
mod not_utf8;
mod syntax;
mod too_deep;
mod too_large;
mod unreadable;

pub use duplicate_key::{DuplicateKey, DUPLICATE_KEY};
pub use not_utf8::{NotUtf8, NOT_UTF8};
pub use syntax::SYNTAX;
pub use too_deep::{TooDeep, TOO_DEEP};
pub use too_large::{TooLarge, TOO_LARGE};
pub use unreadable::{Unreadable, UNREADABLE};

/// The rules of this crate.
pub static ALL: &[&aps_diag::Rule] =
    &[&NOT_UTF8, &TOO_LARGE, &UNREADABLE, &SYNTAX, &DUPLICATE_KEY, &TOO_DEEP];
