//! Upgrade safety: what changed between two versions of an APS package
//! ([`diff`]), and whether the controller can upgrade installed copies of
//! the old version to the new one ([`upgrade_rules`], rules `UPG*`).
//!
//! - [`report`]: the report model (also the JSON contract), [`render`]: its
//!   human and JSON forms;
//! - [`open`]: a side given as a folder or an `.app.zip`;
//! - [`generate`]: synthetic packages for benchmarks and tests.
//!
//! Findings point into NEW's files (APP-META.xml, type schemas, wizard
//! data), with OLD's location as a secondary label: NEW is what the user
//! can still change.

pub mod files;
pub mod generate;
mod jsondiff;
pub mod open;
pub mod render;
pub mod report;
pub mod rules;
mod side;
mod types;
mod wizard;

pub use render::{render_human, render_json, HumanReportOptions};
pub use report::*;
pub use side::WIZARD_DATA;

use aps_diag::Diagnostic;
use aps_model::Package;
use side::Side;

/// What the rules see: both sides and the structural differences.
pub(crate) struct Comparison<'a> {
    pub old: Side<'a>,
    pub new: Side<'a>,
    pub metadata: Vec<FieldChange>,
    pub services: Vec<ServiceChange>,
    pub types: Vec<TypeChange>,
    pub wizard: WizardChanges,
}

/// Settings of a comparison.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The wizard data file relative to each package root (default [`WIZARD_DATA`]).
    pub wizard: Option<&'a str>,
}

impl<'a> Comparison<'a> {
    fn new(old: &'a Package, new: &'a Package, opts: &Options<'_>) -> Self {
        let wizard = opts.wizard.unwrap_or(WIZARD_DATA);
        let (old, new) = rayon::join(|| Side::new(old, wizard), || Side::new(new, wizard));
        let metadata = compare_metadata(old.pkg, new.pkg);
        let services = compare_services(old.pkg, new.pkg);
        let types = types::compare_types(&old, &new);
        let wizard = wizard::compare(old.wizard.as_ref(), new.wizard.as_ref());
        Comparison { old, new, metadata, services, types, wizard }
    }
}

/// Compare two versions of a package: metadata, services, types, wizard
/// data, files, and the upgrade findings.
pub fn diff(old: &Package, new: &Package) -> Report {
    diff_with(old, new, &Options::default())
}

/// [`diff`] with settings.
pub fn diff_with(old: &Package, new: &Package, opts: &Options<'_>) -> Report {
    let (cmp, (old_files, new_files)) = rayon::join(
        || Comparison::new(old, new, opts),
        || rayon::join(|| files::digests(old.source.as_ref()), || files::digests(new.source.as_ref())),
    );
    let mut diagnostics = rules::run(&cmp);
    aps_diag::sort_diagnostics(&mut diagnostics);
    let files = files::compare(&old_files, &new_files);
    let summary = ReportSummary {
        services: Counts::of(cmp.services.iter().map(|s| s.change)),
        types: Counts::of(cmp.types.iter().map(|t| t.change)),
        resource_types: Counts::of(cmp.wizard.resource_types.iter().map(|t| t.change)),
        template_entries: Counts::of(cmp.wizard.template_entries.iter().map(|t| t.change)),
        files: Counts::of(files.iter().map(|f| f.change)),
        findings: aps_diag::Summary::of(&diagnostics),
    };
    Report {
        version: REPORT_FORMAT_VERSION,
        old: package_info(old),
        new: package_info(new),
        metadata: cmp.metadata,
        services: cmp.services,
        types: cmp.types,
        wizard: cmp.wizard,
        files,
        summary,
        diagnostics,
    }
}

/// The upgrade findings only (what `aps-pack lint NEW --previous OLD` adds).
pub fn upgrade_rules(old: &Package, new: &Package) -> Vec<Diagnostic> {
    upgrade_rules_with(old, new, &Options::default())
}

/// [`upgrade_rules`] with settings.
pub fn upgrade_rules_with(old: &Package, new: &Package, opts: &Options<'_>) -> Vec<Diagnostic> {
    rules::run(&Comparison::new(old, new, opts))
}

fn text(s: &Option<aps_model::Spanned<String>>) -> Option<String> {
    s.as_ref().map(|s| s.value.trim().to_string())
}

fn package_info(p: &Package) -> PackageInfo {
    PackageInfo {
        path: p.source.display_root().to_string(),
        id: text(&p.meta.id),
        name: text(&p.meta.name),
        version: text(&p.meta.version),
        release: text(&p.meta.release),
    }
}

fn compare_metadata(old: &Package, new: &Package) -> Vec<FieldChange> {
    let m = |p: &Package| {
        [
            ("id", text(&p.meta.id)),
            ("name", text(&p.meta.name)),
            ("version", text(&p.meta.version)),
            ("release", text(&p.meta.release)),
            ("upgrade", p.meta.upgrade.as_ref().and_then(|u| text(&u.text))),
            ("patch", p.meta.patch.as_ref().and_then(|u| text(&u.text))),
        ]
    };
    m(old)
        .into_iter()
        .zip(m(new))
        .filter(|((_, o), (_, n))| o != n)
        .map(|((field, o), (_, n))| FieldChange::text(field, o, n))
        .collect()
}

fn compare_services(old: &Package, new: &Package) -> Vec<ServiceChange> {
    let fields = |p: &Package, id: &str| -> [(&'static str, Option<String>); 3] {
        let info = p.service_info(id);
        let code = p.meta.service(id).and_then(|s| s.code.as_ref()).map(|c| {
            format!("{}:{}", text(&c.engine).unwrap_or_default(), text(&c.path).unwrap_or_default())
        });
        [
            ("type", info.and_then(|i| i.schema()).map(|s| s.id_str().to_string())),
            ("schema", info.and_then(|i| i.schema_path.clone())),
            ("code", code),
        ]
    };
    let mut ids: Vec<&str> =
        old.services.iter().chain(new.services.iter()).map(|s| s.service_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let (o, n) = (old.service_info(id).is_some(), new.service_info(id).is_some());
        let change = match (o, n) {
            (true, false) => Change::Removed,
            (false, true) => Change::Added,
            _ => Change::Changed,
        };
        let fields: Vec<FieldChange> = if change == Change::Changed {
            fields(old, id)
                .into_iter()
                .zip(fields(new, id))
                .filter(|((_, o), (_, n))| o != n)
                .map(|((field, o), (_, n))| FieldChange::text(field, o, n))
                .collect()
        } else {
            Vec::new()
        };
        if change != Change::Changed || !fields.is_empty() {
            out.push(ServiceChange { id: id.to_string(), change, fields });
        }
    }
    out
}
