//! The rules of aps-archive: package folders (`PKG0xx`), archives (`PKG1xx`), signatures (`SIG`).
//! Each file holds a rule's declaration, its documentation and its typed violations.

pub(crate) mod app_list_not_first;
mod archive_too_large;
mod case_collision;
mod certificate_not_valid_now;
mod corrupt_archive;
mod corrupt_entry_data;
mod duplicate_entry;
mod file_folder_conflict;
mod hash_mismatch;
mod invalid_app_list;
mod malformed_signature;
mod missing_app_list;
mod missing_app_meta;
mod missing_file;
mod name_normalization_collision;
pub(crate) mod non_portable_file_name;
mod non_utf8_file_name;
mod path_escapes_package;
mod signature_digest_mismatch;
mod signature_value_invalid;
mod size_mismatch;
pub(crate) mod stale_app_list;
mod unlisted_file;
mod unsafe_entry_name;
mod unsigned_package;
mod unsupported_entry;
mod unsupported_file;
mod unsupported_signature_algorithm;
mod untrusted_signer;
mod weak_signature_algorithm;

pub use app_list_not_first::{AppListNotFirst, APP_LIST_NOT_FIRST};
pub use archive_too_large::{ArchiveTooLarge, ARCHIVE_TOO_LARGE};
pub use case_collision::{CaseCollision, Collision, CASE_COLLISION};
pub use certificate_not_valid_now::{CertificateNotValidNow, CERTIFICATE_NOT_VALID_NOW};
pub use corrupt_archive::{CorruptArchive, Remedy, CORRUPT_ARCHIVE};
pub use corrupt_entry_data::{CorruptEntryData, CORRUPT_ENTRY_DATA};
pub use duplicate_entry::{DuplicateEntry, DUPLICATE_ENTRY};
pub use file_folder_conflict::{FileFolderConflict, FILE_FOLDER_CONFLICT};
pub use hash_mismatch::{HashMismatch, HASH_MISMATCH};
pub use invalid_app_list::{InvalidAppList, INVALID_APP_LIST};
pub use malformed_signature::{MalformedSignature, MALFORMED_SIGNATURE};
pub use missing_app_list::{MissingAppList, MISSING_APP_LIST};
pub use missing_app_meta::{MissingAppMeta, MISSING_APP_META};
pub use missing_file::{MissingFile, MISSING_FILE};
pub use name_normalization_collision::{NameNormalizationCollision, NAME_NORMALIZATION_COLLISION};
pub use non_portable_file_name::{NonPortableFileName, NON_PORTABLE_FILE_NAME};
pub use non_utf8_file_name::{NonUtf8FileName, NON_UTF8_FILE_NAME};
pub use path_escapes_package::{PathEscapesPackage, PATH_ESCAPES_PACKAGE};
pub use signature_digest_mismatch::{SignatureDigestMismatch, SIGNATURE_DIGEST_MISMATCH};
pub use signature_value_invalid::{SignatureValueInvalid, SIGNATURE_VALUE_INVALID};
pub use size_mismatch::{SizeMismatch, SIZE_MISMATCH};
pub use stale_app_list::{check_selection as stale_app_list_in_tree, StaleAppList, STALE_APP_LIST};
pub use unlisted_file::{UnlistedFile, UNLISTED_FILE};
pub use unsafe_entry_name::{UnsafeEntryName, UNSAFE_ENTRY_NAME};
pub use unsigned_package::{UnsignedPackage, UNSIGNED_PACKAGE};
pub use unsupported_entry::{Unsupported, UnsupportedEntry, UNSUPPORTED_ENTRY};
pub use unsupported_file::{UnsupportedFile, UNSUPPORTED_FILE};
pub use unsupported_signature_algorithm::{UnsupportedSignatureAlgorithm, UNSUPPORTED_SIGNATURE_ALGORITHM};
pub use untrusted_signer::{UntrustedSigner, UNTRUSTED_SIGNER};
pub use weak_signature_algorithm::{WeakSignatureAlgorithm, WEAK_SIGNATURE_ALGORITHM};

/// Every rule of this crate.
pub static ALL: &[&aps_diag::Rule] = &[
    &NON_UTF8_FILE_NAME,
    &NON_PORTABLE_FILE_NAME,
    &CASE_COLLISION,
    &PATH_ESCAPES_PACKAGE,
    &STALE_APP_LIST,
    &MISSING_APP_META,
    &UNSUPPORTED_FILE,
    &CORRUPT_ARCHIVE,
    &UNSAFE_ENTRY_NAME,
    &DUPLICATE_ENTRY,
    &ARCHIVE_TOO_LARGE,
    &CORRUPT_ENTRY_DATA,
    &UNSUPPORTED_ENTRY,
    &MISSING_APP_LIST,
    &INVALID_APP_LIST,
    &UNLISTED_FILE,
    &MISSING_FILE,
    &SIZE_MISMATCH,
    &HASH_MISMATCH,
    &APP_LIST_NOT_FIRST,
    &NAME_NORMALIZATION_COLLISION,
    &FILE_FOLDER_CONFLICT,
    &UNSIGNED_PACKAGE,
    &SIGNATURE_DIGEST_MISMATCH,
    &SIGNATURE_VALUE_INVALID,
    &MALFORMED_SIGNATURE,
    &UNSUPPORTED_SIGNATURE_ALGORITHM,
    &UNTRUSTED_SIGNER,
    &CERTIFICATE_NOT_VALID_NOW,
    &WEAK_SIGNATURE_ALGORITHM,
];

/// Whether `rule` says whether an archive is intact and signed by whom: every `SIG`
/// rule, every archive rule (`PKG1xx`) and the case collisions `verify` reports. With
/// `verify --trust` or `--require-signature`, configuration cannot lower them. Decided by
/// code, so that a new rule of these families is covered without a list to keep in step.
pub fn is_integrity(rule: &aps_diag::Rule) -> bool {
    rule.code.starts_with("SIG") || rule.code.starts_with("PKG1") || rule.code == CASE_COLLISION.code
}

#[cfg(test)]
mod tests {
    #[test]
    fn signature_and_archive_rules_are_integrity_rules_tree_rules_are_not() {
        use super::*;
        for rule in [&UNSIGNED_PACKAGE, &UNTRUSTED_SIGNER, &CORRUPT_ARCHIVE, &HASH_MISMATCH, &CASE_COLLISION]
        {
            assert!(is_integrity(rule), "{}", rule.code);
        }
        for rule in [&STALE_APP_LIST, &NON_UTF8_FILE_NAME, &UNSUPPORTED_FILE, &MISSING_APP_META] {
            assert!(!is_integrity(rule), "{}", rule.code);
        }
    }
}
