//! Input and JSON syntax rules. Their codes are shared by every crate that loads files.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

aps_diag::rules! {
    "SRC001" "not-utf8" syntax Error not_utf8::NOT_UTF8
        "file is not valid UTF-8";
    "SRC002" "file-too-large" syntax Error too_large::TOO_LARGE
        "metadata file is too large";
    "SRC003" "unreadable-file" syntax Error unreadable::UNREADABLE
        "file cannot be read";
    "JSN001" "json-syntax" syntax Error syntax::SYNTAX
        "malformed JSON";
    "JSN002" "duplicate-key" syntax Error duplicate_key::DUPLICATE_KEY
        "duplicate key in a JSON object";
    "JSN003" "json-too-deep" syntax Error too_deep::TOO_DEEP
        "JSON nested too deeply";
}

pub use duplicate_key::DuplicateKey;
pub use not_utf8::NotUtf8;
pub use too_deep::TooDeep;
pub use too_large::TooLarge;
pub use unreadable::Unreadable;
