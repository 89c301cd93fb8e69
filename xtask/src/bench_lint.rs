//! `cargo xtask bench lint`: linting the whole corpus in-process; the release
//! binary end to end (process start included) on generated wizard data of
//! 1,000, 5,000 and 20,000 resource types in their package, against
//! `check-jsonschema` (structural check only) at 5,000 when it is installed;
//! and the release binary as a pre-commit hook runs it (start-up + one wizard
//! file + one APP-META.xml in package context). Medians of interleaved runs,
//! peak memory from the kernel.

use crate::bench_cmp::{self, aps_pack_bin, interleaved, measure, print_ratio, print_table, Runner, Series};
use std::path::Path;
use std::process::Command;
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

    let bin = aps_pack_bin();
    let work = bench_cmp::work_dir("lint");
    let _ = std::fs::remove_dir_all(&work);
    let result = wizard_files(root, &bin, &work).and_then(|()| pre_commit(root, &bin));
    let _ = std::fs::remove_dir_all(&work);
    result
}

const SIZES: [usize; 3] = [1_000, 5_000, 20_000];
const PEER_AT: usize = 5_000;

fn lint<'a>(bin: &'a Path, file: &'a Path) -> Runner<'a> {
    Box::new(move || measure(Command::new(bin).args(["lint", "--quiet"]).arg(file)))
}

/// Lint of generated wizard data in its package, end to end.
fn wizard_files(root: &Path, bin: &Path, work: &Path) -> Result<(), String> {
    let mut wizard_files = Vec::new();
    for n in SIZES {
        let pkg = work.join(format!("pkg-{n}"));
        for (rel, bytes) in crate::bench_wizard::package_files() {
            let path = pkg.join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(&pkg)).map_err(|e| e.to_string())?;
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let file = pkg.join("scripts/wizard_data.json");
        std::fs::create_dir_all(pkg.join("scripts")).map_err(|e| e.to_string())?;
        let text = crate::bench_wizard::wizard_data(n);
        std::fs::write(&file, &text).map_err(|e| format!("{}: {e}", file.display()))?;
        wizard_files.push((n, text.len(), file));
    }
    let runs = bench_cmp::runs(15);
    let peer = bench_cmp::available("check-jsonschema", "--version");
    let schema = root.join("schemas/wizard-data.schema.json");
    let (_, len, file) = wizard_files.iter().find(|(n, _, _)| *n == PEER_AT).ok_or("no 5,000-type file")?;
    println!(
        "\nlint of wizard data with {PEER_AT} resource types ({:.2} MB) in its package, end to end:",
        *len as f64 / 1e6
    );
    let mut tools: Vec<(&str, Runner<'_>)> = vec![("aps-pack lint", lint(bin, file))];
    if peer {
        tools.push((
            "check-jsonschema (schema only)",
            Box::new(|| measure(Command::new("check-jsonschema").arg("--schemafile").arg(&schema).arg(file))),
        ));
    }
    let series = interleaved(runs, tools)?;
    print_table(&series, &|_| String::new(), "");
    if peer {
        print_ratio(&series[0], &series[1], runs);
    } else {
        println!("  (check-jsonschema is not installed: `pip install check-jsonschema` adds the comparison)");
    }

    println!("\nlinearity of wizard lint (end to end, process start included):");
    let tools: Vec<(&str, Runner<'_>)> = wizard_files
        .iter()
        .map(|(n, _, file)| (crate::leak(&format!("aps-pack lint, {n} types")), lint(bin, file)))
        .collect();
    let series: Vec<Series> = interleaved(runs, tools)?;
    print_table(&series, &|i| format!("{:.2} µs/type", per_type(&series[i], SIZES[i])), "");
    println!(
        "  time at {} types / at {} types: {:.2} (linear: ≤ {:.1})",
        SIZES[2],
        SIZES[0],
        series[2].median().as_secs_f64() / series[0].median().as_secs_f64(),
        SIZES[2] as f64 / SIZES[0] as f64 * 1.1
    );
    Ok(())
}

fn per_type(s: &Series, n: usize) -> f64 {
    s.median().as_secs_f64() * 1e6 / n as f64
}

fn pre_commit(root: &Path, bin: &Path) -> Result<(), String> {
    let wizard = root.join("examples/hello-cloud/scripts/wizard_data.json");
    let meta = root.join("examples/hello-cloud/APP-META.xml");
    let runs = bench_cmp::runs(30);
    let series = interleaved(
        runs,
        vec![(
            "aps-pack lint (pre-commit)",
            Box::new(|| measure(Command::new(bin).args(["lint", "--quiet"]).arg(&wizard).arg(&meta))),
        )],
    )?;
    println!(
        "\npre-commit hook (release binary: start-up + lint 1 wizard file + 1 APP-META.xml in package context, {runs} runs):"
    );
    print_table(&series, &|_| String::new(), "");
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
