//! `--watch` for `lint` and `resolve`: run the command again whenever a file it reads
//! changes, on a cleared screen, until interrupted.

use crate::{CliError, Ctx};
use notify_debouncer_mini::notify::RecursiveMode;
use std::io::{IsTerminal, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

/// How long the files must be quiet before the command runs again: an editor's save (write
/// a temporary file, rename it over) or a `git checkout` is one change, not several.
const QUIET: Duration = Duration::from_millis(200);

/// What to watch for `paths`: a file's whole package (a wizard file is checked against
/// APP-META.xml and the schemas), a folder recursively, a lone file's folder.
fn watched(paths: &[PathBuf]) -> Vec<(PathBuf, RecursiveMode)> {
    let mut out: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    for path in paths {
        let entry = match aps_model::find_package_root(path) {
            Some(root) => (root, RecursiveMode::Recursive),
            None if path.is_dir() => (path.clone(), RecursiveMode::Recursive),
            None => {
                let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                (parent.to_path_buf(), RecursiveMode::NonRecursive)
            }
        };
        if !out.iter().any(|(p, _)| *p == entry.0) {
            out.push(entry);
        }
    }
    out
}

/// Changes that cannot change a finding: version control, and the temporary files of
/// atomic writes (aps-pack's own and editors' swap files).
fn is_noise(path: &Path) -> bool {
    let in_vcs = path.components().any(|c| matches!(c, Component::Normal(n) if n == ".git" || n == ".hg"));
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    in_vcs || aps_diag::atomic::is_temp_name(&name) || name.ends_with('~') || name.ends_with(".swp")
}

/// Run `run` now and after every change below `paths`; returns only when watching fails.
pub fn run_watching(
    paths: &[PathBuf],
    ctx: &Ctx,
    mut run: impl FnMut() -> Result<ExitCode, CliError>,
) -> Result<ExitCode, CliError> {
    let (tx, rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_mini::new_debouncer(QUIET, tx)
        .map_err(|e| CliError::new(format!("cannot watch for changes: {e}")))?;
    for (path, mode) in watched(paths) {
        debouncer.watcher().watch(&path, mode).map_err(|e| {
            CliError::new(format!("{}: cannot watch it for changes: {e}", path.display())).with_help(
                "check that it exists; on Linux, raise fs.inotify.max_user_watches for very large trees",
            )
        })?;
    }
    let clear = std::io::stdout().is_terminal();
    let mut changed: Vec<PathBuf> = Vec::new();
    loop {
        if clear {
            // Clear the screen and its scrollback, cursor home: each run reads on its own.
            print!("\x1b[2J\x1b[3J\x1b[H");
            let _ = std::io::stdout().flush();
        }
        if let Some(first) = changed.first() {
            let more = match changed.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            ctx.status(format_args!("changed: {}{more}", aps_diag::display_path(first)));
        }
        if let Err(e) = run() {
            ctx.print_error(&e);
        }
        ctx.status("watching for changes (Ctrl-C to stop)");
        changed = loop {
            match rx.recv() {
                Ok(Ok(events)) => {
                    let relevant: Vec<PathBuf> =
                        events.into_iter().map(|e| e.path).filter(|p| !is_noise(p)).collect();
                    if !relevant.is_empty() {
                        break relevant;
                    }
                }
                Ok(Err(e)) => return Err(CliError::new(format!("watching for changes failed: {e}"))),
                Err(_) => return Ok(ExitCode::SUCCESS),
            }
        };
        changed.sort();
        changed.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_control_and_temporary_files_are_not_changes() {
        assert!(is_noise(Path::new("pkg/.git/index")));
        assert!(is_noise(Path::new("pkg/APP-META.xml~")));
        assert!(is_noise(Path::new("pkg/.APP-META.xml.swp")));
        assert!(!is_noise(Path::new("pkg/APP-META.xml")));
    }
}
