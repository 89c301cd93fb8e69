//! The rules of ZStack application folders and repositories.
//!
//! The code table below declares each rule (code, name, group, severity, summary); the
//! rule's file, one per rule, holds its documentation (`aps-pack explain CODE`,
//! `docs/rules.md`), its typed violations and, where the check is a predicate of its own,
//! the check.

aps_diag::rules! {
    "ZST101" "missing-app-file" zstack Error missing_app_file::MISSING_APP_FILE
        "a file ZStack needs is missing from the application version folder";
    "ZST102" "missing-src-folder" zstack Error missing_src::MISSING_SRC
        "the application folder has no `src/` folder";
    "ZST103" "not-packed" zstack Warning not_packed::NOT_PACKED
        "an entry of the application folder is left out of `application.tar.gz`";
    "ZST104" "unexpected-entry" zstack Warning unexpected_entry::UNEXPECTED_ENTRY
        "an unexpected entry at the top of the application folder";
    "ZST105" "unsupported-entry" zstack Error unsupported_entry::UNSUPPORTED_ENTRY
        "a symbolic link, special file or non-UTF-8 name in the application folder";
    "ZST110" "invalid-value" zstack Error invalid_value::INVALID_VALUE
        "a value in a ZStack JSON file has the wrong type or an invalid value";
    "ZST111" "missing-field" zstack Error missing_field::MISSING_FIELD
        "a required field is missing in a ZStack JSON file";
    "ZST112" "unknown-field" zstack Warning unknown_field::UNKNOWN_FIELD
        "a field the ZStack schema does not know";
    "ZST120" "app-id-folder-mismatch" zstack Warning app_id_folder_mismatch::APP_ID_FOLDER_MISMATCH
        "`appId` differs from the repository folder the version is published under";
    "ZST121" "unsafe-name" zstack Error unsafe_name::UNSAFE_NAME
        "`appId` cannot be used as a repository folder name";
    "ZST130" "duplicate-name" zstack Error duplicate_name::DUPLICATE_NAME
        "two parameters (or outputs) share a name";
    "ZST131" "parameter-range" zstack Error parameter_range::PARAMETER_RANGE
        "a parameter's `min`, `max` and `default_value` contradict each other";
    "ZST132" "undeclared-template-variable" zstack Error undeclared_template_variable::UNDECLARED_TEMPLATE_VARIABLE
        "a `{{.name}}` in `src/` has no parameter in `input.json`";
    "ZST133" "unused-parameter" zstack Info unused_parameter::UNUSED_PARAMETER
        "a parameter of `input.json` is never used in `src/`";
    "ZST134" "output-not-in-terraform" zstack Warning output_not_in_terraform::OUTPUT_NOT_IN_TERRAFORM
        "an output of `output.json` has no `output` block in `src/`";
    "ZST140" "logo-not-png" zstack Error logo_not_png::LOGO_NOT_PNG
        "`logo.png` is not a valid PNG image";
    "ZST150" "image-not-qcow2" zstack Error image_not_qcow2::IMAGE_NOT_QCOW2
        "the image is not a qcow2 file";
    "ZST151" "qcow2-invalid-header" zstack Error qcow2_invalid_header::QCOW2_INVALID_HEADER
        "the qcow2 header is inconsistent";
    "ZST152" "qcow2-backing-file" zstack Error qcow2_backing_file::QCOW2_BACKING_FILE
        "the qcow2 image depends on a backing file";
    "ZST153" "qcow2-encrypted" zstack Error qcow2_encrypted::QCOW2_ENCRYPTED
        "the qcow2 image is encrypted";
    "ZST154" "qcow2-dirty" zstack Warning qcow2_dirty::QCOW2_DIRTY
        "the qcow2 image was not closed cleanly";
    "ZST155" "image-exceeds-root-disk" zstack Warning image_exceeds_root_disk::IMAGE_EXCEEDS_ROOT_DISK
        "the image's virtual size exceeds the minimum root disk size of `input.json`";
    "ZST201" "index-missing" zstack Error index_missing::INDEX_MISSING
        "the repository has no `index.json`";
    "ZST202" "index-malformed" zstack Error index_malformed::INDEX_MALFORMED
        "`index.json` does not have ZStack's shape";
    "ZST203" "index-entry-without-folder" zstack Error index_entry_without_folder::INDEX_ENTRY_WITHOUT_FOLDER
        "`index.json` lists a version whose folder does not exist";
    "ZST204" "folder-not-in-index" zstack Error folder_not_in_index::FOLDER_NOT_IN_INDEX
        "a version folder of the repository is missing from `index.json`";
    "ZST205" "index-duplicate" zstack Error index_duplicate::INDEX_DUPLICATE
        "`index.json` lists the same application, architecture or version twice";
    "ZST206" "index-unsorted" zstack Info index_unsorted::INDEX_UNSORTED
        "`index.json` is not in sorted order";
    "ZST207" "unindexable-name" zstack Warning unindexable_name::UNINDEXABLE_NAME
        "a repository folder name cannot be listed in `index.json`";
    "ZST210" "manifest-missing" zstack Warning manifest_missing::MANIFEST_MISSING
        "the repository has no checksum manifest";
    "ZST211" "manifest-malformed" zstack Error manifest_malformed::MANIFEST_MALFORMED
        "`manifest.json` does not have the expected shape";
    "ZST212" "artefact-mismatch" zstack Error artefact_mismatch::ARTEFACT_MISMATCH
        "an artefact's size or SHA-256 differs from the manifest";
    "ZST213" "artefact-missing" zstack Error artefact_missing::ARTEFACT_MISSING
        "an artefact listed in the manifest is missing";
    "ZST214" "artefact-not-in-manifest" zstack Warning artefact_not_in_manifest::ARTEFACT_NOT_IN_MANIFEST
        "an artefact of the repository is not in the manifest";
    "ZST220" "version-incomplete" zstack Error version_incomplete::VERSION_INCOMPLETE
        "a version folder of the repository has no `application.tar.gz`";
    "ZST221" "unexpected-repo-entry" zstack Warning unexpected_repo_entry::UNEXPECTED_REPO_ENTRY
        "an unexpected file or folder in the repository";
    "ZST222" "archive-unreadable" zstack Error archive_unreadable::ARCHIVE_UNREADABLE
        "an `application.tar.gz` of the repository cannot be read";
    "ZST223" "repo-symlink" zstack Error repo_symlink::REPO_SYMLINK
        "a symbolic link in the repository (never followed)";
    "ZST224" "archive-unsafe-member" zstack Error archive_unsafe_member::ARCHIVE_UNSAFE_MEMBER
        "an `application.tar.gz` holds a member that escapes its folder";
}

pub use app_id_folder_mismatch::AppIdFolderMismatch;
pub use archive_unreadable::ArchiveUnreadable;
pub use archive_unsafe_member::ArchiveUnsafeMember;
pub use artefact_mismatch::ArtefactMismatch;
pub use artefact_missing::ArtefactMissing;
pub use artefact_not_in_manifest::ArtefactNotInManifest;
pub use duplicate_name::DuplicateName;
pub use folder_not_in_index::FolderNotInIndex;
pub use image_exceeds_root_disk::ImageExceedsRootDisk;
pub use image_not_qcow2::ImageNotQcow2;
pub use index_duplicate::IndexDuplicate;
pub use index_entry_without_folder::IndexEntryWithoutFolder;
pub use index_malformed::IndexMalformed;
pub use index_missing::IndexMissing;
pub use index_unsorted::IndexUnsorted;
pub use invalid_value::InvalidValue;
pub use logo_not_png::LogoNotPng;
pub use manifest_malformed::ManifestMalformed;
pub use manifest_missing::ManifestMissing;
pub use missing_app_file::MissingAppFile;
pub use missing_field::MissingField;
pub use missing_src::MissingSrc;
pub use not_packed::NotPacked;
pub use output_not_in_terraform::OutputNotInTerraform;
pub use parameter_range::ParameterRange;
pub use qcow2_backing_file::Qcow2BackingFile;
pub use qcow2_dirty::Qcow2Dirty;
pub use qcow2_encrypted::Qcow2Encrypted;
pub use qcow2_invalid_header::Qcow2InvalidHeader;
pub use repo_symlink::RepoSymlink;
pub use undeclared_template_variable::UndeclaredTemplateVariable;
pub use unexpected_entry::UnexpectedEntry;
pub use unexpected_repo_entry::UnexpectedRepoEntry;
pub use unindexable_name::UnindexableName;
pub use unknown_field::UnknownField;
pub use unsafe_name::UnsafeName;
pub use unsupported_entry::UnsupportedEntry;
pub use unused_parameter::UnusedParameter;
pub use version_incomplete::VersionIncomplete;
