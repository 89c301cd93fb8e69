//! The timestamp written into artefacts: the one `SOURCE_DATE_EPOCH` parser
//! of `aps_diag::plumbing`, under the names this crate has always exported.

pub use aps_diag::plumbing::{source_date_epoch, EpochError, DEFAULT_EPOCH};

/// The `update_at` of an index written now: `SOURCE_DATE_EPOCH` when set (so
/// tests and reproducible publishing get fixed bytes), else the clock.
pub fn index_timestamp() -> Result<u64, EpochError> {
    aps_diag::plumbing::source_date_epoch_or_now()
}
