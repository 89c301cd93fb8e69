//! APS package model: APP-META.xml, type schemas, type registry, package lint.

pub mod rules {
    //! The rules this crate reports.
    pub static ALL: &[&aps_diag::Rule] = &[];
}
