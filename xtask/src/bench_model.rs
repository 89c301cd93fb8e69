//! `cargo xtask bench model`: the package model on its own (no CLI): linting
//! each corpus package in-process, and a generated large package (many
//! services, types and navigation views) to show the cost stays linear.

use aps_model::source::MemSource;
use aps_model::{lint_source, DirSource, PackageSource};
use std::collections::BTreeMap;
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
    packages.sort();
    // Build the embedded standard registry once, outside the timings.
    let _ = aps_model::TypeRegistry::with_standard_types();

    let rounds = 500u32;
    let start = Instant::now();
    let mut findings = 0usize;
    for _ in 0..rounds {
        for p in &packages {
            let src: Arc<dyn PackageSource> = Arc::new(DirSource::new(p, p.display().to_string()));
            findings += lint_source(src).len();
        }
    }
    let per_round = start.elapsed() / rounds;
    println!(
        "aps-model: lint {} corpus packages ({} findings): {:.3} ms per round (mean of {rounds})",
        packages.len(),
        findings / rounds as usize,
        ms(per_round)
    );

    for services in [100usize, 1000] {
        let files = generated_package(services);
        let bytes: usize = files.values().map(Vec::len).sum();
        let src: Arc<dyn PackageSource> = Arc::new(MemSource::new("generated", files));
        let runs = 10u32;
        let start = Instant::now();
        let mut n = 0;
        for _ in 0..runs {
            n = lint_source(src.clone()).len();
        }
        println!(
            "aps-model: lint generated package, {services} services/types, {} KiB of metadata ({n} findings): {:.2} ms",
            bytes / 1024,
            ms(start.elapsed() / runs)
        );
    }
    Ok(())
}

/// A package with `n` services, each with a schema (properties, a counter,
/// a relation to the root type) and a navigation view with a variable.
fn generated_package(n: usize) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut meta = String::from(
        "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n<id>http://example.com/gen</id>\n\
         <name>Generated</name>\n<version>1.0</version>\n<release>1</release>\n<presentation>\n\
         <navigation id=\"ccp\" label=\"Gen\">\n",
    );
    for i in 0..n {
        meta.push_str(&format!(
            "<view id=\"v{i}\" label=\"View {i}\" src=\"ui/v{i}.js\"><var name=\"r{i}\" type-id=\"http://example.com/gen/t{i}/1.0\"/></view>\n"
        ));
        files.insert(format!("ui/v{i}.js"), b"define([], {});\n".to_vec());
    }
    meta.push_str("</navigation>\n</presentation>\n<upgrade match=\"version=ge=1.0\"/>\n");
    for i in 0..n {
        meta.push_str(&format!("<service id=\"s{i}\"><schema path=\"schemas/t{i}.schema\"/></service>\n"));
        let implements = if i == 0 {
            "http://aps-standard.org/types/core/application/1.0"
        } else {
            "http://aps-standard.org/types/core/resource/1.0"
        };
        let schema = format!(
            "{{\"apsVersion\":\"2.0\",\"name\":\"t{i}\",\"id\":\"http://example.com/gen/t{i}/1.0\",\"implements\":[\"{implements}\"],\
             \"properties\":{{\"a\":{{\"type\":\"string\",\"required\":true}},\"b\":{{\"type\":\"integer\",\"default\":1}},\
             \"c\":{{\"type\":\"http://aps-standard.org/types/core/resource/1.0#Counter\",\"unit\":\"unit\"}}}},\
             \"relations\":{{\"root\":{{\"type\":\"http://example.com/gen/t0/1.0\"}}}}}}"
        );
        files.insert(format!("schemas/t{i}.schema"), schema.into_bytes());
    }
    meta.push_str("</application>\n");
    files.insert("APP-META.xml".into(), meta.into_bytes());
    files
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
