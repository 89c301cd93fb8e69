//! Rules of the command line itself: what `lint` says about how it checked.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

aps_diag::rules! {
    "LNT001" "findings-in-other-files" lint Info other_files::OTHER_FILES
        "warnings in files of the package that were not named";
    "LNT002" "checked-without-package" lint Info without_package::WITHOUT_PACKAGE
        "wizard data checked without its package";
    "LNT003" "unused-suppression" lint Warning unused_suppression::UNUSED_SUPPRESSION
        "a suppression comment or baseline entry that suppresses nothing";
    "LNT004" "invalid-suppression" lint Warning invalid_suppression::INVALID_SUPPRESSION
        "a suppression comment that cannot be read";
}

pub use invalid_suppression::InvalidSuppression;
pub use invalid_suppression::DIRECTIVES;
pub use other_files::OtherFiles;
pub use unused_suppression::Unused;
pub use without_package::WithoutPackage;
