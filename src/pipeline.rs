//! The package lint pipeline shared by `lint`, `build` and `verify`: load the
//! package, add types generated from PHP, run the package rules, check the
//! wizard data in package context and, when asked, the upgrade rules.

use aps_diag::{Diagnostic, SourceFile, Violation};
use aps_json::rules::Unreadable;
use aps_model::{Package, PackageSource};
use std::sync::Arc;

/// Where the wizard data is, relative to the package root, by convention.
pub const DEFAULT_WIZARD: &str = "scripts/wizard_data.json";

#[derive(Default)]
pub struct PackageLintOptions<'a> {
    /// Wizard data file relative to the package root (default [`DEFAULT_WIZARD`]).
    pub wizard: Option<&'a str>,
    /// The previous released version, for the upgrade rules.
    pub previous: Option<&'a Package>,
    /// Schemas a build generated from PHP before staging them: findings about them move to
    /// the annotations they came from, as findings about schemas generated here do.
    pub generated: &'a [aps_php::GeneratedSchema],
}

/// The tree a build starts from: its model, the schemas its PHP generates (generated here
/// once: like the official build, every `.schema.gen` is regenerated) and the generator's
/// findings. The package's own findings come from linting it as staged.
pub struct BuildInput {
    pub package: Option<Package>,
    pub generated: Vec<aps_php::GeneratedSchema>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn load_for_build(source: Arc<dyn PackageSource>) -> BuildInput {
    let (package, _) = aps_model::load_package(source);
    let Some(pkg) = &package else {
        return BuildInput { package, generated: Vec::new(), diagnostics: Vec::new() };
    };
    let (generated, diagnostics) = aps_php::generate_for_build(pkg);
    BuildInput { package, generated, diagnostics }
}

/// A package after the pipeline ran: the model (when APP-META.xml could be
/// read) and every finding, unsorted.
pub struct PackageLint {
    pub package: Option<Package>,
    pub diagnostics: Vec<Diagnostic>,
    /// The wizard data file that was checked, if any.
    pub wizard: Option<Arc<SourceFile>>,
}

/// Load a package and add the types its PHP services declare.
pub fn load_package(source: Arc<dyn PackageSource>) -> (Option<Package>, Vec<Diagnostic>) {
    let (package, diags, _) = load_package_generating(source);
    (package, diags)
}

/// [`load_package`], with the schemas generated from PHP.
fn load_package_generating(
    source: Arc<dyn PackageSource>,
) -> (Option<Package>, Vec<Diagnostic>, Vec<aps_php::GeneratedSchema>) {
    let (mut package, mut diags) = aps_model::load_package(source);
    let mut generated = Vec::new();
    if let Some(pkg) = &mut package {
        let (added, found) = crate::php::add_generated_types(pkg);
        generated = added;
        diags.extend(found);
    }
    (package, diags, generated)
}

/// Run every package-level check.
pub fn lint_package(source: Arc<dyn PackageSource>, opts: &PackageLintOptions<'_>) -> PackageLint {
    let (package, mut diagnostics, generated) = load_package_generating(source.clone());
    let mut wizard = None;
    if let Some(pkg) = &package {
        diagnostics.extend(aps_model::lint_package(pkg));
        let rel = opts.wizard.unwrap_or(DEFAULT_WIZARD);
        if !aps_model::source::is_safe_relative_path(rel) {
            diagnostics.push(
                Unreadable::ConfiguredOutside { key: "wizard data", path: rel }
                    .diagnostic()
                    .at_path(source.display_root().to_string())
                .with_help("`[package] wizard` is a path relative to the package folder, e.g. scripts/wizard_data.json"),
            );
        } else if source.exists(rel) {
            wizard = lint_wizard_in(source.as_ref(), rel, pkg, &mut diagnostics);
        } else if opts.wizard.is_some() {
            diagnostics.push(
                Unreadable::ConfiguredMissing { what: "wizard data" }
                    .diagnostic()
                    .at_path(source.display_path(rel))
                .with_help(
                    "fix `[package] wizard` in aps-pack.toml, or remove it to use scripts/wizard_data.json",
                ),
            );
        }
        // A file at the conventional path is read as wizard data by every tool that does
        // not know this configuration (`verify` of the archive among them): check it too.
        if rel != DEFAULT_WIZARD && source.exists(DEFAULT_WIZARD) {
            lint_wizard_in(source.as_ref(), DEFAULT_WIZARD, pkg, &mut diagnostics);
        }
        diagnostics.extend(aps_i18n::lint_package(source.as_ref()));
        if let Some(previous) = opts.previous {
            diagnostics.extend(crate::upgrade::upgrade_rules(previous, pkg, opts.wizard));
        }
    }
    let mut generated = generated;
    generated.extend(opts.generated.iter().cloned());
    aps_php::point_at_php(&mut diagnostics, &generated, &|rel| source.display_path(rel));
    PackageLint { package, diagnostics, wizard }
}

/// Read the wizard file at `rel` of the package and check it in package context. The file
/// is metadata like any other: its declared size is checked against the limit before it is
/// read or inflated.
fn lint_wizard_in(
    source: &dyn PackageSource,
    rel: &str,
    pkg: &Package,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Arc<SourceFile>> {
    match aps_model::source::read_source_file(source, rel, aps_json::MAX_SOURCE_BYTES) {
        Ok((file, mut diags)) => {
            diags.extend(lint_wizard_file(&file, Some(pkg)));
            diagnostics.append(&mut diags);
            Some(file)
        }
        Err(d) => {
            diagnostics.push(*d);
            None
        }
    }
}

/// Parse wizard data and check it (against `package` when known).
pub fn lint_wizard_bytes(
    display: &str,
    bytes: Vec<u8>,
    package: Option<&Package>,
) -> (Arc<SourceFile>, Vec<Diagnostic>) {
    let (file, mut diags) = aps_json::load_source(display, bytes);
    diags.extend(lint_wizard_file(&file, package));
    (file, diags)
}

/// Parse loaded wizard data and check it (against `package` when known).
fn lint_wizard_file(file: &Arc<SourceFile>, package: Option<&Package>) -> Vec<Diagnostic> {
    let parsed = aps_json::parse(file, &aps_json::Options::default());
    let mut diags = parsed.diagnostics;
    if let Some(value) = &parsed.value {
        diags.extend(crate::wizard::lint(file, value, package));
    }
    diags
}
