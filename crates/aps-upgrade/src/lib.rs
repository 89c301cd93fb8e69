//! Upgrade safety: package diff and upgrade rules.

pub mod rules {
    //! The rules this crate reports.
    pub static ALL: &[&aps_diag::Rule] = &[];
}
