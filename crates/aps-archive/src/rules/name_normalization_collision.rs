use super::Collision;
use aps_diag::rule;

rule! { NAME_NORMALIZATION_COLLISION;
    //! Reports two entries of an archive whose names are the same text in different Unicode
    //! normalisation forms: `café.php` written with one code point `é` (NFC) and with `e` plus a
    //! combining accent (NFD).
    //!
    //! ## Why
    //! The names look identical, and file systems that normalise names (macOS, some network
    //! shares) store them as one file: which content survives unpacking depends on the order of
    //! the entries and the machine, not on what was checked.
    //!
    //! ## Example
    //! ```text
    //! scripts/caf\u{e9}.php
    //! scripts/cafe\u{301}.php
    //! ```
    //!
    //! ## Fix
    //! Keep one spelling (NFC is what most tools write) and rebuild the archive.

    /// Two names that are one once Unicode-normalised; shown with non-ASCII characters
    /// escaped, so that they can be told apart.
    pub struct NameNormalizationCollision<'a> { pub names: Collision<'a> } => names.describe(
            "are the same name in different Unicode normalisation forms",
            "distinct names",
            escape_non_ascii,
        ),
        help: names.either(
            "file systems that normalise names (macOS) keep only one of them; keep one spelling, preferably NFC",
            "macOS keeps only one of them; keep one spelling, preferably NFC",
        );
}

/// Non-ASCII characters as `\u{…}`, so that names that print alike can be told apart.
fn escape_non_ascii(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii() { c.to_string() } else { c.escape_unicode().to_string() }).collect()
}
