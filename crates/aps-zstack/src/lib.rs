//! ZStack Cloud Application Market: lint of application version folders,
//! the deterministic `application.tar.gz`, the self-extracting `.bin`
//! installer, and repositories (`index.json`, checksum manifest, publish,
//! verify).
//!
//! What aps-pack does differently from ZStack's own scripts, on purpose: the
//! `.bin` carries the payload's size and SHA-256 and checks them before the
//! repository changes, locates the payload by byte offset, needs only bash and
//! coreutils on the management node (no Python), and stages each version
//! beside its final place; archives are byte-for-byte reproducible; indexes
//! are sorted; and an `appId` that disagrees with its repository folder is
//! reported.

mod appdir;
pub mod bin;
mod epoch;
mod hashing;
mod lint;
mod names;
pub mod package;
mod png;
pub mod qcow2;
pub mod repo;
pub mod rules;
pub mod schema;
mod targz;
mod terraform;
mod ustar;

pub use epoch::{index_timestamp, source_date_epoch, EpochError, DEFAULT_EPOCH};
pub use lint::{is_app_dir, lint_app_dir, LintOptions};
pub use names::{unsafe_name_reason, ARCHES};
pub use targz::Digest;
