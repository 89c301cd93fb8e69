//! APP-LIST.xml, reproducible .app.zip archives, XML signatures, verification.

pub mod rules {
    //! The rules this crate reports.
    pub static ALL: &[&aps_diag::Rule] = &[];
}
