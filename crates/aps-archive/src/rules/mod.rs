//! The rules of aps-archive: package folders (`PKG0xx`), archives (`PKG1xx`), signatures (`SIG`).
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

aps_diag::rules! {
    "PKG001" "non-utf8-file-name" archive Error non_utf8_file_name::NON_UTF8_FILE_NAME
        "file name is not valid UTF-8";
    "PKG002" "non-portable-file-name" archive Error non_portable_file_name::NON_PORTABLE_FILE_NAME
        "file name cannot be used on every platform";
    "PKG003" "file-name-case-collision" archive Error case_collision::CASE_COLLISION
        "two paths differ only in letter case";
    "PKG004" "build-path-escapes-package" archive Error path_escapes_package::PATH_ESCAPES_PACKAGE
        "symbolic link points outside the package";
    "PKG005" "stale-app-list" archive Warning stale_app_list::STALE_APP_LIST
        "committed APP-LIST.xml does not match the package";
    "PKG006" "missing-app-meta" archive Error missing_app_meta::MISSING_APP_META
        "package has no APP-META.xml";
    "PKG007" "unsupported-file" archive Error unsupported_file::UNSUPPORTED_FILE
        "file cannot be packaged";
    "PKG101" "corrupt-archive" archive Error corrupt_archive::CORRUPT_ARCHIVE
        "archive structure is damaged";
    "PKG102" "unsafe-entry-name" archive Error unsafe_entry_name::UNSAFE_ENTRY_NAME
        "entry name could write outside the target folder";
    "PKG103" "duplicate-entry" archive Error duplicate_entry::DUPLICATE_ENTRY
        "archive holds the same name twice";
    "PKG104" "archive-too-large" archive Error archive_too_large::ARCHIVE_TOO_LARGE
        "archive would expand beyond the limits (zip bomb)";
    "PKG105" "corrupt-entry-data" archive Error corrupt_entry_data::CORRUPT_ENTRY_DATA
        "entry data does not decompress to what its header says";
    "PKG106" "unsupported-archive-entry" archive Error unsupported_entry::UNSUPPORTED_ENTRY
        "entry is encrypted, a symbolic link or uses an unknown compression";
    "PKG107" "missing-app-list" archive Error missing_app_list::MISSING_APP_LIST
        "archive has no APP-LIST.xml";
    "PKG108" "invalid-app-list" archive Error invalid_app_list::INVALID_APP_LIST
        "APP-LIST.xml is malformed";
    "PKG109" "unlisted-file" archive Error unlisted_file::UNLISTED_FILE
        "archive holds a file APP-LIST.xml does not list";
    "PKG110" "missing-file" archive Error missing_file::MISSING_FILE
        "APP-LIST.xml lists a file the archive lacks";
    "PKG111" "size-mismatch" archive Error size_mismatch::SIZE_MISMATCH
        "file size differs from APP-LIST.xml";
    "PKG112" "hash-mismatch" archive Error hash_mismatch::HASH_MISMATCH
        "file SHA-256 differs from APP-LIST.xml";
    "PKG113" "app-list-not-first" archive Warning app_list_not_first::APP_LIST_NOT_FIRST
        "APP-LIST.xml is not the first entry";
    "PKG114" "name-normalization-collision" archive Error name_normalization_collision::NAME_NORMALIZATION_COLLISION
        "two entry names differ only in Unicode normalisation";
    "PKG115" "file-folder-conflict" archive Error file_folder_conflict::FILE_FOLDER_CONFLICT
        "a path is both a file and a folder";
    "SIG001" "unsigned-package" archive Error unsigned_package::UNSIGNED_PACKAGE
        "package has no signature";
    "SIG002" "signature-digest-mismatch" archive Error signature_digest_mismatch::SIGNATURE_DIGEST_MISMATCH
        "signed content was changed after signing";
    "SIG003" "signature-value-invalid" archive Error signature_value_invalid::SIGNATURE_VALUE_INVALID
        "signature value does not verify";
    "SIG004" "malformed-signature" archive Error malformed_signature::MALFORMED_SIGNATURE
        "signature element is incomplete or malformed";
    "SIG005" "unsupported-signature-algorithm" archive Error unsupported_signature_algorithm::UNSUPPORTED_SIGNATURE_ALGORITHM
        "signature uses an algorithm or form aps-pack does not check";
    "SIG006" "untrusted-signer" archive Error untrusted_signer::UNTRUSTED_SIGNER
        "signer certificate does not chain to a trusted certificate";
    "SIG007" "certificate-not-valid-now" archive Error certificate_not_valid_now::CERTIFICATE_NOT_VALID_NOW
        "certificate in the signer's chain is expired or not yet valid";
    "SIG008" "weak-signature-algorithm" archive Warning weak_signature_algorithm::WEAK_SIGNATURE_ALGORITHM
        "signature relies on SHA-1";
}

pub use app_list_not_first::AppListNotFirst;
pub use archive_too_large::ArchiveTooLarge;
pub use case_collision::CaseCollision;
pub use case_collision::Collision;
pub use certificate_not_valid_now::CertificateNotValidNow;
pub use corrupt_archive::CorruptArchive;
pub use corrupt_archive::Remedy;
pub use corrupt_entry_data::CorruptEntryData;
pub use duplicate_entry::DuplicateEntry;
pub use file_folder_conflict::FileFolderConflict;
pub use hash_mismatch::HashMismatch;
pub use invalid_app_list::InvalidAppList;
pub use malformed_signature::MalformedSignature;
pub use missing_app_list::MissingAppList;
pub use missing_app_meta::MissingAppMeta;
pub use missing_file::MissingFile;
pub use name_normalization_collision::NameNormalizationCollision;
pub use non_portable_file_name::NonPortableFileName;
pub use non_utf8_file_name::NonUtf8FileName;
pub use path_escapes_package::PathEscapesPackage;
pub use signature_digest_mismatch::SignatureDigestMismatch;
pub use signature_value_invalid::SignatureValueInvalid;
pub use size_mismatch::SizeMismatch;
pub use stale_app_list::check_selection as stale_app_list_in_tree;
pub use stale_app_list::StaleAppList;
pub use unlisted_file::UnlistedFile;
pub use unsafe_entry_name::UnsafeEntryName;
pub use unsigned_package::UnsignedPackage;
pub use unsupported_entry::Unsupported;
pub use unsupported_entry::UnsupportedEntry;
pub use unsupported_file::UnsupportedFile;
pub use unsupported_signature_algorithm::UnsupportedSignatureAlgorithm;
pub use untrusted_signer::UntrustedSigner;
pub use weak_signature_algorithm::WeakSignatureAlgorithm;

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
