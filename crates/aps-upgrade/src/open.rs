//! One side of a comparison as given on the command line: a package
//! folder, its APP-META.xml, or an `.app.zip`.

use aps_archive::zipread::{Limits, ZipArchive};
use aps_diag::{Diagnostic, Severity, SourceFile};
use aps_model::{load_package, DirSource, MemSource, Package, PackageSource, ServiceType, APP_META};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Why a side could not be opened at all (exit code 2).
pub type OpenError = aps_diag::Failure;

/// A loaded side: the package (None when APP-META.xml is unusable; the
/// reason is in `diagnostics`) and the problems found while loading it.
pub struct Opened {
    pub package: Option<Package>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Does the file start like a zip archive?
fn looks_like_zip(path: &Path) -> bool {
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok_and(|_| magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06")
}

/// The whole archive is held in memory while comparing, so its declared
/// expansion is bounded far below aps-archive's default.
const MAX_ARCHIVE_BYTES: u64 = 512 * 1024 * 1024;

fn archive_refused(display: &str, findings: &[Diagnostic]) -> OpenError {
    let mut errors = findings.iter().filter(|d| d.severity == Severity::Error);
    let first = errors.next().map_or("the archive cannot be read", |d| d.message.as_str());
    let more = match errors.count() {
        0 => String::new(),
        n => format!(" (and {n} more problem{})", if n == 1 { "" } else { "s" }),
    };
    OpenError {
        message: format!("{display}: {first}{more}"),
        help: Some("pass a package folder or an `.app.zip` built by `aps-pack build` or `aps build`".into()),
    }
}

/// The files of an `.app.zip`, read into memory with bounded sizes by
/// aps-archive's reader. An archive with entries that reader leaves out
/// (unsafe names, symbolic links, duplicates, encryption) is refused: a
/// comparison that silently skipped files would be wrong.
pub fn read_archive(path: &Path) -> Result<MemSource, OpenError> {
    let display = aps_diag::display_path(path);
    let limits = Limits { max_total_size: MAX_ARCHIVE_BYTES, ..Limits::default() };
    let (archive, findings) =
        ZipArchive::open(path, &display, &limits).map_err(|d| archive_refused(&display, &d))?;
    if archive.refused || findings.iter().any(|d| d.severity == Severity::Error) {
        return Err(archive_refused(&display, &findings));
    }
    let mut files = BTreeMap::new();
    for entry in archive.entries.iter().filter(|e| !e.is_dir()) {
        let data = archive.read_to_vec(entry, MAX_ARCHIVE_BYTES).map_err(|e| OpenError {
            message: format!("{display}: {e}"),
            help: Some("the archive is damaged; rebuild it".into()),
        })?;
        files.insert(entry.name.clone(), data);
    }
    Ok(MemSource::new(display, files))
}

/// Open a package folder, an APP-META.xml file or an `.app.zip`, load it,
/// and complete the types of PHP services that have no schema file yet.
pub fn open_package(path: &Path) -> Result<Opened, OpenError> {
    let source: Arc<dyn PackageSource> = if path.is_dir() {
        Arc::new(DirSource::from_path(path))
    } else if path.is_file() && path.file_name().is_some_and(|n| n == APP_META) {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Arc::new(DirSource::from_path(dir))
    } else if path.is_file() && looks_like_zip(path) {
        Arc::new(read_archive(path)?)
    } else if path.is_file() {
        return Err(OpenError {
            message: format!("{}: neither a package folder nor an `.app.zip`", aps_diag::display_path(path)),
            help: Some("pass the folder holding APP-META.xml, or a built `.app.zip`".into()),
        });
    } else {
        return Err(OpenError {
            message: format!("{}: no such file or folder", aps_diag::display_path(path)),
            help: None,
        });
    };
    let (package, mut diagnostics) = load_package(source);
    let package = package.map(|mut p| {
        diagnostics.extend(complete_php_types(&mut p));
        p
    });
    Ok(Opened { package, diagnostics })
}

/// Generate, from their PHP annotations, the types of services that have
/// PHP code and no schema file (a source tree before `aps build`). The
/// scripts read are the services' code files and the other `scripts/*.php`
/// beside them; vendored libraries in sub-folders are not.
pub fn complete_php_types(pkg: &mut Package) -> Vec<Diagnostic> {
    let pending: Vec<(String, String)> = pkg
        .services
        .iter()
        .filter(|s| matches!(s.ty, ServiceType::PendingGeneration))
        .filter_map(|s| {
            let code =
                pkg.meta.service(&s.service_id)?.code.as_ref()?.path.as_ref()?.value.trim().to_string();
            Some((s.service_id.clone(), code))
        })
        .collect();
    if pending.is_empty() {
        return Vec::new();
    }
    let mut scripts = Vec::new();
    let mut diags = Vec::new();
    for rel in pkg.source.files() {
        let top_level_script =
            rel.starts_with("scripts/") && rel.ends_with(".php") && rel.matches('/').count() == 1;
        if !(top_level_script || pending.iter().any(|(_, c)| *c == rel)) {
            continue;
        }
        match aps_model::source::read_source_file(pkg.source.as_ref(), &rel, aps_json::MAX_SOURCE_BYTES) {
            Ok((file, d)) if d.is_empty() => scripts.push(file),
            Ok((_, d)) => diags.extend(d),
            Err(d) => diags.push(*d),
        }
    }
    let generation = {
        let registry = &pkg.registry;
        aps_php::generate(&scripts, &|id: &str| registry.resolve(id).is_some())
    };
    diags.extend(generation.diagnostics.iter().cloned());
    for (service, code) in pending {
        let Some(ty) = generation.type_of_file(&pkg.source.display_path(&code)) else { continue };
        let text = aps_php::schema_text(&ty.value, &code);
        let file = SourceFile::new(pkg.source.display_path(&format!("schemas/{service}.schema.gen")), text);
        diags.extend(pkg.add_generated_schema_text(&service, &file));
    }
    diags
}
