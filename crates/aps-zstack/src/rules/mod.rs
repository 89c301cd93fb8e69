//! The rules of this crate, one per file: each file holds a rule's declaration (its doc comment
//! is its documentation), its typed violations and, where the check is a self-contained
//! predicate over the folder, the repository or the files read, the check itself (`check`).

pub(crate) mod app_id_folder_mismatch;
mod archive_unreadable;
mod archive_unsafe_member;
mod artefact_mismatch;
mod artefact_missing;
pub(crate) mod artefact_not_in_manifest;
pub(crate) mod duplicate_name;
pub(crate) mod folder_not_in_index;
pub(crate) mod image_exceeds_root_disk;
mod image_not_qcow2;
mod index_duplicate;
pub(crate) mod index_entry_without_folder;
mod index_malformed;
mod index_missing;
mod index_unsorted;
mod invalid_value;
pub(crate) mod logo_not_png;
mod manifest_malformed;
mod manifest_missing;
pub(crate) mod missing_app_file;
mod missing_field;
pub(crate) mod missing_src;
mod not_packed;
pub(crate) mod output_not_in_terraform;
pub(crate) mod parameter_range;
mod qcow2_backing_file;
mod qcow2_dirty;
mod qcow2_encrypted;
mod qcow2_invalid_header;
mod repo_symlink;
pub(crate) mod undeclared_template_variable;
pub(crate) mod unexpected_entry;
mod unexpected_repo_entry;
mod unindexable_name;
mod unknown_field;
mod unsafe_name;
mod unsupported_entry;
pub(crate) mod unused_parameter;
mod version_incomplete;

pub use app_id_folder_mismatch::{AppIdFolderMismatch, APP_ID_FOLDER_MISMATCH};
pub use archive_unreadable::{ArchiveUnreadable, ARCHIVE_UNREADABLE};
pub use archive_unsafe_member::{ArchiveUnsafeMember, ARCHIVE_UNSAFE_MEMBER};
pub use artefact_mismatch::{ArtefactMismatch, ARTEFACT_MISMATCH};
pub use artefact_missing::{ArtefactMissing, ARTEFACT_MISSING};
pub use artefact_not_in_manifest::{ArtefactNotInManifest, ARTEFACT_NOT_IN_MANIFEST};
pub use duplicate_name::{DuplicateName, DUPLICATE_NAME};
pub use folder_not_in_index::{FolderNotInIndex, FOLDER_NOT_IN_INDEX};
pub use image_exceeds_root_disk::{ImageExceedsRootDisk, IMAGE_EXCEEDS_ROOT_DISK};
pub use image_not_qcow2::{ImageNotQcow2, IMAGE_NOT_QCOW2};
pub use index_duplicate::{IndexDuplicate, INDEX_DUPLICATE};
pub use index_entry_without_folder::{IndexEntryWithoutFolder, INDEX_ENTRY_WITHOUT_FOLDER};
pub use index_malformed::{IndexMalformed, INDEX_MALFORMED};
pub use index_missing::{IndexMissing, INDEX_MISSING};
pub use index_unsorted::{IndexUnsorted, INDEX_UNSORTED};
pub use invalid_value::{InvalidValue, INVALID_VALUE};
pub use logo_not_png::{LogoNotPng, LOGO_NOT_PNG};
pub use manifest_malformed::{ManifestMalformed, MANIFEST_MALFORMED};
pub use manifest_missing::{ManifestMissing, MANIFEST_MISSING};
pub use missing_app_file::{MissingAppFile, MISSING_APP_FILE};
pub use missing_field::{MissingField, MISSING_FIELD};
pub use missing_src::{MissingSrc, MISSING_SRC};
pub use not_packed::{NotPacked, NOT_PACKED};
pub use output_not_in_terraform::{OutputNotInTerraform, OUTPUT_NOT_IN_TERRAFORM};
pub use parameter_range::{ParameterRange, PARAMETER_RANGE};
pub use qcow2_backing_file::{Qcow2BackingFile, QCOW2_BACKING_FILE};
pub use qcow2_dirty::{Qcow2Dirty, QCOW2_DIRTY};
pub use qcow2_encrypted::{Qcow2Encrypted, QCOW2_ENCRYPTED};
pub use qcow2_invalid_header::{Qcow2InvalidHeader, QCOW2_INVALID_HEADER};
pub use repo_symlink::{RepoSymlink, REPO_SYMLINK};
pub use undeclared_template_variable::{UndeclaredTemplateVariable, UNDECLARED_TEMPLATE_VARIABLE};
pub use unexpected_entry::{UnexpectedEntry, UNEXPECTED_ENTRY};
pub use unexpected_repo_entry::{UnexpectedRepoEntry, UNEXPECTED_REPO_ENTRY};
pub use unindexable_name::{UnindexableName, UNINDEXABLE_NAME};
pub use unknown_field::{UnknownField, UNKNOWN_FIELD};
pub use unsafe_name::{UnsafeName, UNSAFE_NAME};
pub use unsupported_entry::{UnsupportedEntry, UNSUPPORTED_ENTRY};
pub use unused_parameter::{UnusedParameter, UNUSED_PARAMETER};
pub use version_incomplete::{VersionIncomplete, VERSION_INCOMPLETE};

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
