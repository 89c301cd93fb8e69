//! Bridge to the archive crate: reading an `.app.zip` safely as a package source.

use crate::CliError;
use aps_archive::source::ArchiveSource;
use aps_archive::zipread::Limits;
use aps_diag::Diagnostic;
use aps_model::PackageSource;
use std::path::Path;
use std::sync::Arc;

/// The archive's files as a package source, or the diagnostics that made it unreadable.
pub fn read_archive_source(path: &Path) -> Result<Result<Arc<dyn PackageSource>, Vec<Diagnostic>>, CliError> {
    let display = path.to_string_lossy().replace('\\', "/");
    Ok(match ArchiveSource::open(path, &display, &Limits::default()) {
        Ok((source, _)) => Ok(Arc::new(source)),
        Err(diags) => Err(diags),
    })
}
