//! Bridge to the archive crate: reading an `.app.zip` safely as a package source.

use crate::pipeline::{self, PackageLintOptions};
use crate::CliError;
use aps_archive::source::ArchiveSource;
use aps_archive::verify::VerifyOptions;
use aps_archive::zipread::Limits;
use aps_diag::{Diagnostic, Severity};
use aps_model::PackageSource;
use std::path::Path;
use std::sync::Arc;

/// What `verify` finds in the archive itself (unsafe or duplicate entries,
/// symbolic links, files that differ from APP-LIST.xml or are not in it, broken
/// signatures), without a trust decision about the signers.
pub fn archive_findings(path: &Path) -> Vec<Diagnostic> {
    aps_archive::verify::verify(path, &aps_diag::display_path(path), &VerifyOptions::default()).diagnostics
}

/// The archive's files as a package source, or the diagnostics that make it
/// unusable: an archive whose structure or content fails the checks `verify`
/// makes is not silently linted as if it were sound; its findings (and the
/// package lints, when its files can still be read) come back as `Err`.
pub fn read_archive_source(path: &Path) -> Result<Result<Arc<dyn PackageSource>, Vec<Diagnostic>>, CliError> {
    let display = aps_diag::display_path(path);
    let mut findings = archive_findings(path);
    let opened = ArchiveSource::open(path, &display, &Limits::default());
    if !findings.iter().any(|d| d.severity == Severity::Error) {
        return Ok(match opened {
            Ok((source, _)) => Ok(Arc::new(source)),
            Err(diags) => Err(diags),
        });
    }
    if let Ok((source, _)) = opened {
        let opts = PackageLintOptions { wizard: None, ..Default::default() };
        findings.extend(pipeline::lint_package(Arc::new(source), &opts).diagnostics);
    }
    Ok(Err(findings))
}
