use aps_diag::declare_rule;

declare_rule! {
    /// Reports two entries of an archive whose names are the same text in different Unicode
    /// normalisation forms: `café.php` written with one code point `é` (NFC) and with `e` plus a
    /// combining accent (NFD).
    ///
    /// ## Why
    /// The names look identical, and file systems that normalise names (macOS, some network
    /// shares) store them as one file: which content survives unpacking depends on the order of
    /// the entries and the machine, not on what was checked.
    ///
    /// ## Example
    /// ```text
    /// scripts/caf\u{e9}.php
    /// scripts/cafe\u{301}.php
    /// ```
    ///
    /// ## Fix
    /// Keep one spelling (NFC is what most tools write) and rebuild the archive.
    pub static NAME_NORMALIZATION_COLLISION = {
        code: "PKG114", name: "name-normalization-collision", group: "archive",
        severity: Error, summary: "two entry names differ only in Unicode normalisation",
    };
}
