//! `cargo xtask bench lint`: linting the whole corpus in-process, and the
//! wall time of the release binary as a pre-commit hook runs it (start-up +
//! one wizard file + one APP-META.xml in package context).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub fn run(root: &Path) -> Result<(), String> {
    let corpus = root.join("fixtures/corpus/aps");
    let mut packages: Vec<_> = std::fs::read_dir(&corpus)
        .map_err(|e| format!("{}: {e}", corpus.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("APP-META.xml").is_file())
        .collect();
    packages.push(root.join("examples/hello-cloud"));
    packages.sort();

    let rounds = 200;
    let mut findings = 0usize;
    let start = Instant::now();
    for _ in 0..rounds {
        for pkg in &packages {
            let source: Arc<dyn aps_model::PackageSource> =
                Arc::new(aps_model::DirSource::new(pkg, pkg.display().to_string()));
            let result = aps_pack::pipeline::lint_package(source, &Default::default());
            findings += result.diagnostics.len();
        }
    }
    let per_round = start.elapsed() / rounds;
    println!(
        "lint corpus ({} packages, {} findings per round): {:.3} ms per round (in-process, mean of {rounds})",
        packages.len(),
        findings / rounds as usize,
        ms(per_round)
    );

    let bin = root.join("target/release/aps-pack");
    let wizard = root.join("examples/hello-cloud/scripts/wizard_data.json");
    let meta = root.join("examples/hello-cloud/APP-META.xml");
    let runs = 30;
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let status = std::process::Command::new(&bin)
            .args(["lint", "--quiet"])
            .arg(&wizard)
            .arg(&meta)
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        times.push(t.elapsed());
        if !status.success() {
            return Err(format!("aps-pack lint failed on the example ({status})"));
        }
    }
    times.sort();
    println!(
        "pre-commit hook (release binary: start-up + lint 1 wizard file + 1 APP-META.xml in package context): \
         median {:.2} ms, min {:.2} ms over {runs} runs",
        ms(times[runs / 2]),
        ms(times[0])
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
