//! `cargo xtask bench diff`: `aps-pack diff` on two generated versions of a
//! package with 200 types each (see `aps_upgrade::generate`), written to
//! temporary folders so that reading and hashing the files is measured too.

use aps_upgrade::generate::{synthetic_package, Synthetic};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const TYPES: usize = 200;
const PROPERTIES: usize = 12;
const RUNS: usize = 20;

fn write_package(src: &aps_model::MemSource, dir: &Path) -> Result<(), String> {
    for (rel, bytes) in &src.files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn load(dir: &Path) -> Result<aps_model::Package, String> {
    let (pkg, diags) = aps_model::load_package(Arc::new(aps_model::DirSource::from_path(dir)));
    pkg.ok_or_else(|| format!("{}: does not load: {diags:?}", dir.display()))
}

/// Median, fastest and slowest of `RUNS` runs of `f`.
fn measure<T>(mut f: impl FnMut() -> Result<T, String>) -> Result<(Duration, Duration, Duration, T), String> {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let out = f()?;
        times.push(start.elapsed());
        last = Some(out);
    }
    times.sort();
    let out = last.ok_or("no run")?;
    Ok((times[RUNS / 2], times[0], times[RUNS - 1], out))
}

fn ms(d: Duration) -> String {
    format!("{:8.2} ms", d.as_secs_f64() * 1000.0)
}

pub fn run() -> Result<(), String> {
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: a debug build; run `cargo xtask bench diff` with `--release` for meaningful figures"
        );
    }
    let tmp = std::env::temp_dir().join(format!("aps-pack-bench-diff-{}", std::process::id()));
    let (old_dir, new_dir) = (tmp.join("old"), tmp.join("new"));
    let result = (|| {
        for (generation, dir) in [(1, &old_dir), (2, &new_dir)] {
            let src = synthetic_package(&Synthetic { types: TYPES, properties: PROPERTIES, generation });
            write_package(&src, dir)?;
        }
        let files = std::fs::read_dir(old_dir.join("schemas")).map_err(|e| e.to_string())?.count();
        println!("diff benchmark: two packages of {TYPES} types ({PROPERTIES} properties each, {files} schema files), {RUNS} runs, median (min–max)");
        println!("cores: {}", std::thread::available_parallelism().map_or(1, |n| n.get()));

        let (med, min, max, (old, new)) = measure(|| Ok((load(&old_dir)?, load(&new_dir)?)))?;
        println!("  load both packages         {} ({} – {})", ms(med), ms(min), ms(max));

        let (med, min, max, findings) = measure(|| Ok(aps_upgrade::upgrade_rules(&old, &new)))?;
        println!("  upgrade rules only         {} ({} – {})", ms(med), ms(min), ms(max));

        let (med, min, max, report) = measure(|| Ok(aps_upgrade::diff(&old, &new)))?;
        println!("  diff (types, wizard, files){} ({} – {})", ms(med), ms(min), ms(max));

        let (med, min, max, json) = measure(|| Ok(aps_upgrade::render_json(&report)))?;
        println!("  render JSON report         {} ({} – {})", ms(med), ms(min), ms(max));

        let (med, min, max, _) = measure(|| {
            let (old, new) = (load(&old_dir)?, load(&new_dir)?);
            let r = aps_upgrade::diff(&old, &new);
            Ok(aps_upgrade::render_human(&r, &aps_upgrade::HumanReportOptions::default()))
        })?;
        println!("  end to end (load+diff+text){} ({} – {})", ms(med), ms(min), ms(max));

        let s = report.summary;
        println!(
            "report: {} types changed, {} added, {} removed; {} files changed; {} findings ({} upgrade-rule findings); JSON {} KiB",
            s.types.changed,
            s.types.added,
            s.types.removed,
            s.files.changed + s.files.added + s.files.removed,
            report.diagnostics.len(),
            findings.len(),
            json.len() / 1024
        );
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&tmp);
    result
}
