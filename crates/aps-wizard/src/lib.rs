//! Wizard data validation and cross-reference resolution.

pub mod rules {
    //! The rules this crate reports.
    pub static ALL: &[&aps_diag::Rule] = &[];
}
