//! `aps-pack sign`: add signatures to an existing archive.
//!
//! The archive is verified first (a package whose files do not match its
//! APP-LIST.xml, or whose present signatures fail, is not signed). It is then
//! rewritten beside the target: the signed APP-LIST.xml first, then every
//! other entry in its original order with its data copied byte for byte
//! (never recompressed) and its timestamp kept, headers in aps-pack's fixed
//! layout. Signing the same archive with the same RSA key twice gives the
//! same bytes.

use crate::applist::APP_LIST;
use crate::build::BuildError;
use crate::sign::{self, Signer};
use crate::verify::{self, VerifyOptions};
use crate::zipread::{Limits, ZipArchive};
use crate::zipwrite::{self, Counting, EntryRecord, METHOD_DEFLATED};
use aps_diag::{Diagnostic, Severity};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What signing produced.
#[derive(Debug)]
pub struct SignOutcome {
    pub path: PathBuf,
    /// The archive as written: a handle that reads the signed bytes even if something
    /// replaced the file at `path` since.
    pub archive: std::fs::File,
    /// Signatures now in the archive.
    pub signatures: usize,
    /// Findings of the verification that did not stop signing (warnings).
    pub diagnostics: Vec<Diagnostic>,
}

/// Sign the archive at `input` with every signer, writing the result to `output`
/// (which may be `input`).
pub fn sign_archive(
    input: &Path,
    display: &str,
    output: &Path,
    signers: &[Signer],
    limits: &Limits,
) -> Result<SignOutcome, BuildError> {
    crate::build::check_output_target(output)?;
    let report = verify::verify(input, display, &VerifyOptions { limits: *limits, ..Default::default() });
    if report.diagnostics.iter().any(|d| d.severity == Severity::Error) || !report.checked_content {
        return Err(BuildError::Findings(report.diagnostics));
    }
    let (archive, _) = ZipArchive::open(input, display, limits).map_err(BuildError::Findings)?;
    let mut diags = Vec::new();
    let Some(text) = verify::read_app_list(&archive, display, &mut diags) else {
        return Err(BuildError::Findings(diags));
    };
    let signed = sign::sign_all(text.text(), signers)?;
    let signatures = report.signatures.len() + signers.len();
    let Some(list_entry) = archive.find(APP_LIST) else {
        return Err(BuildError::Failed("APP-LIST.xml disappeared while signing".into()));
    };

    let fail = |e: std::io::Error| BuildError::Failed(format!("cannot write {}: {e}", output.display()));
    let temp = aps_diag::atomic::AtomicFile::create(output).map_err(fail)?;
    let mut out = Counting::new(BufWriter::with_capacity(1 << 20, temp.as_file()));
    let mut records = Vec::with_capacity(archive.entries.len());

    let list_bytes = signed.into_bytes();
    let compressed = crate::deflate::deflate_bytes(&list_bytes, crate::build::DEFLATE_LEVEL).map_err(fail)?;
    let list_record = EntryRecord {
        name: APP_LIST.to_string(),
        method: METHOD_DEFLATED,
        crc32: crc32fast::hash(&list_bytes),
        compressed_size: compressed.len() as u64,
        size: list_bytes.len() as u64,
        offset: 0,
        is_dir: false,
        dos: list_entry.dos,
    };
    out.write_all(&zipwrite::local_header(&list_record)).map_err(fail)?;
    out.write_all(&compressed).map_err(fail)?;
    records.push(list_record);

    for entry in archive.entries.iter().filter(|e| e.name != APP_LIST) {
        let record = EntryRecord {
            name: entry.name.clone(),
            method: entry.method,
            crc32: entry.crc32,
            compressed_size: entry.compressed_size,
            size: entry.size,
            offset: out.written,
            is_dir: entry.is_dir(),
            dos: entry.dos,
        };
        out.write_all(&zipwrite::local_header(&record)).map_err(fail)?;
        let copied = archive.copy_raw(entry, &mut out).map_err(fail)?;
        if copied != entry.compressed_size {
            return Err(BuildError::Failed(format!("`{}` could not be copied whole", entry.name)));
        }
        records.push(record);
    }
    let cd_offset = out.written;
    out.write_all(&zipwrite::central_directory(&records, cd_offset)).map_err(fail)?;
    out.flush().map_err(fail)?;
    drop(out);
    drop(archive);
    let archive = temp.as_file().try_clone().map_err(fail)?;
    temp.commit(None, true).map_err(fail)?;
    Ok(SignOutcome { path: output.to_path_buf(), archive, signatures, diagnostics: report.diagnostics })
}
