//! ZStack Cloud Application Market: application.tar.gz, self-extracting .bin, repository index.

pub mod rules {
    //! The rules this crate reports.
    pub static ALL: &[&aps_diag::Rule] = &[];
}
