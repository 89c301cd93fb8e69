//! `lint --fix` and `lint --diff`: the findings' fixes applied to the files they were
//! found in, or shown as a unified diff. The fixes themselves are made where the findings
//! are (`aps_diag::Fix`); `aps_diag::fix::plan` picks the ones that apply together.

use crate::config;
use crate::CliError;
use aps_diag::fix::{FilePlan, Plan};
use aps_diag::Diagnostic;
use std::path::Path;
use std::sync::Arc;

/// Rounds of fix and re-check: a fix left out because it touched the span of another is
/// applied in the next round, against the fixed text.
pub const MAX_ROUNDS: usize = 5;

/// Findings only `--fix`/`--diff` look for in a package folder, because finding them costs
/// what only fixing them is worth: `.schema.gen` files that differ from what their PHP
/// generates (`schema gen --check`), and a committed APP-LIST.xml that differs from the
/// tree (what `build` warns about).
pub fn fixable_findings(
    root: &Path,
    source: Arc<dyn aps_model::PackageSource>,
    loaded: &config::Loaded,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let (pkg, _) = aps_model::load_package(source.clone());
    if let Some(pkg) = pkg {
        let (generated, _) = aps_php::generate_for_package(source.as_ref(), &pkg.meta);
        diags.extend(aps_php::check_drift(source.as_ref(), &generated));
    }
    let opts = aps_archive::select::SelectOptions {
        include: loaded.config.build.include.clone(),
        exclude: loaded.config.build.exclude.clone(),
        declared: Vec::new(),
        tool_files: Vec::new(),
    };
    if let Ok(selection) = aps_archive::select::select(root, &opts) {
        diags.extend(aps_archive::rules::stale_app_list_in_tree(root, &selection));
    }
    diags
}

/// What a plan would change, as a unified diff per file (paths as shown in findings).
pub fn diff(plan: &Plan) -> String {
    let mut out = String::new();
    for f in &plan.files {
        let before = before_of(f).unwrap_or_default();
        let after = f.after.clone().unwrap_or_default();
        let old_name = if f.before.is_none() && !Path::new(&f.path).exists() { "/dev/null" } else { &f.path };
        let new_name = if f.after.is_none() { "/dev/null" } else { &f.path };
        let text = similar::TextDiff::from_lines(&before, &after);
        out.push_str(&text.unified_diff().context_radius(3).header(old_name, new_name).to_string());
    }
    out
}

/// What is in the file now (a whole-file change), or what the edits were made against.
fn before_of(f: &FilePlan) -> Option<String> {
    match &f.before {
        Some(t) => Some(t.clone()),
        None => std::fs::read_to_string(&f.path).ok(),
    }
}

/// Write a plan, file by file, each atomically. A file that changed since it was checked
/// (or is not a file on disk, like an archive member) is left as it is and named.
/// Returns the number of files changed.
pub fn apply(plan: &Plan, ctx: &crate::Ctx) -> Result<usize, CliError> {
    let mut changed = 0;
    for f in &plan.files {
        let path = Path::new(&f.path);
        if let Some(before) = &f.before {
            if std::fs::read(path).ok().as_deref() != Some(before.as_bytes()) {
                ctx.status(format_args!("{}: not fixed, the file changed since it was checked", f.path));
                continue;
            }
        }
        let result = match &f.after {
            Some(after) => write(path, after),
            None => match std::fs::remove_file(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                other => other,
            },
        };
        result.map_err(|e| {
            CliError::new(format!("{}: cannot write the fix: {e}", f.path))
                .with_help("check the file's permissions, then run `aps-pack lint --fix` again")
        })?;
        ctx.detail(format_args!("fixed {}", f.path));
        changed += 1;
    }
    Ok(changed)
}

/// Through `aps_diag::atomic::replace`: a link is written through, the replaced file keeps
/// its permissions and owner.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    aps_diag::atomic::replace(path, text.as_bytes(), false)
}
