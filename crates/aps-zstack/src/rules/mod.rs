//! The rules of this crate, one per file; each rule's doc comment is its documentation.

mod app_id_folder_mismatch;
mod archive_unreadable;
mod archive_unsafe_member;
mod artefact_mismatch;
mod artefact_missing;
mod artefact_not_in_manifest;
mod duplicate_name;
mod folder_not_in_index;
mod image_exceeds_root_disk;
mod image_not_qcow2;
mod index_duplicate;
mod index_entry_without_folder;
mod index_malformed;
mod index_missing;
mod index_unsorted;
mod invalid_value;
mod logo_not_png;
mod manifest_malformed;
mod manifest_missing;
mod missing_app_file;
mod missing_field;
mod missing_src;
mod not_packed;
mod output_not_in_terraform;
mod parameter_range;
mod qcow2_backing_file;
mod qcow2_dirty;
mod qcow2_encrypted;
mod qcow2_invalid_header;
mod repo_symlink;
mod undeclared_template_variable;
mod unexpected_entry;
mod unexpected_repo_entry;
mod unindexable_name;
mod unknown_field;
mod unsafe_name;
mod unsupported_entry;
mod unused_parameter;
mod version_incomplete;

pub use app_id_folder_mismatch::APP_ID_FOLDER_MISMATCH;
pub use archive_unreadable::ARCHIVE_UNREADABLE;
pub use archive_unsafe_member::ARCHIVE_UNSAFE_MEMBER;
pub use artefact_mismatch::ARTEFACT_MISMATCH;
pub use artefact_missing::ARTEFACT_MISSING;
pub use artefact_not_in_manifest::ARTEFACT_NOT_IN_MANIFEST;
pub use duplicate_name::DUPLICATE_NAME;
pub use folder_not_in_index::FOLDER_NOT_IN_INDEX;
pub use image_exceeds_root_disk::IMAGE_EXCEEDS_ROOT_DISK;
pub use image_not_qcow2::IMAGE_NOT_QCOW2;
pub use index_duplicate::INDEX_DUPLICATE;
pub use index_entry_without_folder::INDEX_ENTRY_WITHOUT_FOLDER;
pub use index_malformed::INDEX_MALFORMED;
pub use index_missing::INDEX_MISSING;
pub use index_unsorted::INDEX_UNSORTED;
pub use invalid_value::INVALID_VALUE;
pub use logo_not_png::LOGO_NOT_PNG;
pub use manifest_malformed::MANIFEST_MALFORMED;
pub use manifest_missing::MANIFEST_MISSING;
pub use missing_app_file::MISSING_APP_FILE;
pub use missing_field::MISSING_FIELD;
pub use missing_src::MISSING_SRC;
pub use not_packed::NOT_PACKED;
pub use output_not_in_terraform::OUTPUT_NOT_IN_TERRAFORM;
pub use parameter_range::PARAMETER_RANGE;
pub use qcow2_backing_file::QCOW2_BACKING_FILE;
pub use qcow2_dirty::QCOW2_DIRTY;
pub use qcow2_encrypted::QCOW2_ENCRYPTED;
pub use qcow2_invalid_header::QCOW2_INVALID_HEADER;
pub use repo_symlink::REPO_SYMLINK;
pub use undeclared_template_variable::UNDECLARED_TEMPLATE_VARIABLE;
pub use unexpected_entry::UNEXPECTED_ENTRY;
pub use unexpected_repo_entry::UNEXPECTED_REPO_ENTRY;
pub use unindexable_name::UNINDEXABLE_NAME;
pub use unknown_field::UNKNOWN_FIELD;
pub use unsafe_name::UNSAFE_NAME;
pub use unsupported_entry::UNSUPPORTED_ENTRY;
pub use unused_parameter::UNUSED_PARAMETER;
pub use version_incomplete::VERSION_INCOMPLETE;

/// Every rule of this crate, in code order.
pub static ALL: &[&aps_diag::Rule] = &[
    &MISSING_APP_FILE,
    &MISSING_SRC,
    &NOT_PACKED,
    &UNEXPECTED_ENTRY,
    &UNSUPPORTED_ENTRY,
    &INVALID_VALUE,
    &MISSING_FIELD,
    &UNKNOWN_FIELD,
    &APP_ID_FOLDER_MISMATCH,
    &UNSAFE_NAME,
    &DUPLICATE_NAME,
    &PARAMETER_RANGE,
    &UNDECLARED_TEMPLATE_VARIABLE,
    &UNUSED_PARAMETER,
    &OUTPUT_NOT_IN_TERRAFORM,
    &LOGO_NOT_PNG,
    &IMAGE_NOT_QCOW2,
    &QCOW2_INVALID_HEADER,
    &QCOW2_BACKING_FILE,
    &QCOW2_ENCRYPTED,
    &QCOW2_DIRTY,
    &IMAGE_EXCEEDS_ROOT_DISK,
    &INDEX_MISSING,
    &INDEX_MALFORMED,
    &INDEX_ENTRY_WITHOUT_FOLDER,
    &FOLDER_NOT_IN_INDEX,
    &INDEX_DUPLICATE,
    &INDEX_UNSORTED,
    &UNINDEXABLE_NAME,
    &MANIFEST_MISSING,
    &MANIFEST_MALFORMED,
    &ARTEFACT_MISMATCH,
    &ARTEFACT_MISSING,
    &ARTEFACT_NOT_IN_MANIFEST,
    &VERSION_INCOMPLETE,
    &UNEXPECTED_REPO_ENTRY,
    &ARCHIVE_UNREADABLE,
    &REPO_SYMLINK,
    &ARCHIVE_UNSAFE_MEMBER,
];
