//! `cargo xtask bench build` / `bench verify`: `aps-pack build` against
//! Info-ZIP `zip -r -X -q`, and `aps-pack verify` against `unzip -tq`, on the
//! same generated package, in the same run.
//!
//! The package is the example package plus about 2,000 generated files,
//! about 300 MB: half text (JavaScript, JSON, PHP-like sources, logs — it
//! compresses) and half incompressible data (images, archives), with a few
//! files large enough to take the streaming path. Each tool runs once as a
//! warm-up (page cache hot for both), then several times, the tools
//! alternating; the medians, their ratio, the archive sizes and each
//! process's peak resident memory (from the kernel) are printed. A package a
//! tenth the size (files and bytes) is built too, to show the cost is linear.
//! aps-pack does more than zip: it lints the package first, hashes every file
//! with SHA-256 and writes APP-LIST.xml; its verify lints and re-hashes too.

use crate::bench_cmp::{
    self, aps_pack_bin, available, interleaved, measure, print_ratio, print_table, Runner,
};
use std::path::{Path, PathBuf};
use std::process::Command;

const TEXT_FILES: usize = 1_400;
const BINARY_FILES: usize = 600;
const TARGET_TEXT_BYTES: u64 = 150_000_000;
const TARGET_BINARY_BYTES: u64 = 150_000_000;
const RUNS: usize = 5;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// xorshift64*: deterministic, fast, good enough to be incompressible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

const WORDS: &[&str] = &[
    "tenant",
    "subscription",
    "resource",
    "counter",
    "limit",
    "usage",
    "account",
    "service",
    "profile",
    "domain",
    "mailbox",
    "quota",
    "provision",
    "configure",
    "retrieve",
    "unprovision",
    "upgrade",
    "notify",
    "status",
    "error",
];

fn text_file(rng: &mut Rng, size: usize, kind: u64) -> Vec<u8> {
    let mut out = String::with_capacity(size + 200);
    let mut line = 0u64;
    while out.len() < size {
        line += 1;
        let a = WORDS[rng.below(WORDS.len() as u64) as usize];
        let b = WORDS[rng.below(WORDS.len() as u64) as usize];
        let n = rng.below(100_000);
        match kind {
            0 => out.push_str(&format!("    function {a}_{b}_{line}(ctx) {{ return ctx.{a}.{b}({n}); }}\n")),
            1 => out
                .push_str(&format!("    {{ \"id\": \"{a}-{n}\", \"type\": \"{b}\", \"value\": {line} }},\n")),
            2 => out.push_str(&format!("    public function {a}{line}($x) {{ $this->{b}[{n}] = $x; }}\n")),
            _ => out.push_str(&format!(
                "2024-05-{:02} 12:{:02}:{:02} INFO {a} {b} took {n}us\n",
                line % 28 + 1,
                line % 60,
                n % 60
            )),
        }
    }
    out.truncate(size);
    out.into_bytes()
}

/// Write the benchmark package, `1/scale` of the full size in files and
/// bytes; returns (files, bytes) added.
fn generate(pkg: &Path, scale: usize) -> Result<(usize, u64), String> {
    let text_files = TEXT_FILES / scale;
    let binary_files = BINARY_FILES / scale;
    let example = root().join("examples/hello-cloud");
    copy_tree(&example, pkg)?;
    let mut rng = Rng(0x0005_EED0_FA95_0ACC);
    let mut bytes = 0u64;
    let mut files = 0usize;
    let write = |rel: String, data: &[u8]| -> Result<(), String> {
        let path = pkg.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(&path, data).map_err(|e| format!("{}: {e}", path.display()))
    };
    // Text: sizes spread around the mean, a few large ones.
    let mean_text = (TARGET_TEXT_BYTES / TEXT_FILES as u64) as usize;
    for i in 0..text_files {
        let size = if i % 200 == 0 {
            mean_text * 20
        } else {
            mean_text / 4 + rng.below(mean_text as u64 * 3 / 2) as usize
        };
        let kind = rng.below(4);
        let ext = ["js", "json", "php", "log"][kind as usize];
        let data = text_file(&mut rng, size, kind);
        bytes += data.len() as u64;
        files += 1;
        write(format!("ui/gen/m{:02}/file{i:04}.{ext}", i % 37), &data)?;
    }
    // Incompressible: images and archives, two big enough to stream.
    let mean_bin = (TARGET_BINARY_BYTES / BINARY_FILES as u64) as usize;
    let mut buf = Vec::new();
    for i in 0..binary_files {
        let size = match i {
            0 | 1 => 24_000_000 / scale,
            _ => mean_bin / 4 + rng.below(mean_bin as u64) as usize,
        };
        buf.resize(size, 0);
        rng.fill(&mut buf);
        bytes += size as u64;
        files += 1;
        let ext = ["png", "jpg", "gz", "woff2"][i % 4];
        write(format!("images/gen/d{:02}/asset{i:04}.{ext}", i % 23), &buf)?;
    }
    Ok((files, bytes))
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

pub fn run(with_build: bool, with_verify: bool) -> Result<(), String> {
    if !available("zip", "-v") || !available("unzip", "-v") {
        return Err(
            "Info-ZIP `zip` and `unzip` are needed for the comparison (apt-get install zip unzip)".into()
        );
    }
    let bin = aps_pack_bin();
    let work = bench_cmp::work_dir("build");
    let _ = std::fs::remove_dir_all(&work);
    let result = run_in(&bin, &work, with_build, with_verify);
    // The generated package and archives are large: never leave them behind.
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn aps_build<'a>(bin: &'a Path, pkg: &'a Path, out: &'a Path) -> Runner<'a> {
    Box::new(move || {
        measure(
            Command::new(bin)
                .args(["--quiet", "build"])
                .arg(pkg)
                .arg("-o")
                .arg(out)
                .env_remove("SOURCE_DATE_EPOCH")
                .env_remove("RAYON_NUM_THREADS"),
        )
    })
}

fn run_in(bin: &Path, work: &Path, with_build: bool, with_verify: bool) -> Result<(), String> {
    let runs = bench_cmp::runs(RUNS);
    let pkg = work.join("pkg");
    let out = work.join("out");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    println!("generating the package in {}…", pkg.display());
    let (files, bytes) = generate(&pkg, 1)?;
    println!("  {files} generated files, {:.1} MB (plus the example package)", bytes as f64 / 1e6);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let aps_out = out.join("aps.app.zip");
    let zip_out = out.join("info-zip.zip");

    if with_build {
        println!("\nbuild ({threads} core(s)):");
        let series = interleaved(
            runs,
            vec![
                ("aps-pack build", aps_build(bin, &pkg, &aps_out)),
                (
                    "zip -r -X -q (Info-ZIP)",
                    Box::new(|| {
                        let _ = std::fs::remove_file(&zip_out);
                        measure(
                            Command::new("zip")
                                .args(["-r", "-X", "-q"])
                                .arg(&zip_out)
                                .arg(".")
                                .current_dir(&pkg),
                        )
                    }),
                ),
            ],
        )?;
        let sizes = [size(&aps_out), size(&zip_out)];
        print_table(&series, &|i| format!("{:.2} MB", sizes[i] as f64 / 1e6), "archive");
        print_ratio(&series[0], &series[1], runs);
        println!("  archive size ratio aps-pack / zip: {:.4}", sizes[0] as f64 / sizes[1].max(1) as f64);
        println!("  aps-pack also linted the package, hashed every file (SHA-256) and wrote APP-LIST.xml.");

        // Linearity: the same mix at a tenth of the files and bytes.
        let small = work.join("small");
        let small_out = out.join("small.app.zip");
        generate(&small, 10)?;
        let lin = interleaved(
            runs,
            vec![
                ("aps-pack build (full)", aps_build(bin, &pkg, &aps_out)),
                ("aps-pack build (1/10)", aps_build(bin, &small, &small_out)),
            ],
        )?;
        println!("\nlinearity of build (the same mix at a tenth of the files and bytes):");
        print_table(&lin, &|_| String::new(), "");
        println!(
            "  full / tenth time ratio: {:.2} (linear: ≤ 11)",
            lin[0].median().as_secs_f64() / lin[1].median().as_secs_f64()
        );
        let _ = std::fs::remove_dir_all(&small);
    }

    if with_verify {
        if !aps_out.is_file() {
            measure(Command::new(bin).args(["--quiet", "build"]).arg(&pkg).arg("-o").arg(&aps_out))?;
        }
        println!("\nverify of the built archive ({:.1} MB):", size(&aps_out) as f64 / 1e6);
        let series = interleaved(
            runs,
            vec![
                (
                    "aps-pack verify",
                    Box::new(|| measure(Command::new(bin).args(["--quiet", "verify"]).arg(&aps_out))),
                ),
                (
                    "unzip -tq (Info-ZIP)",
                    Box::new(|| measure(Command::new("unzip").arg("-tq").arg(&aps_out))),
                ),
            ],
        )?;
        print_table(&series, &|_| String::new(), "");
        print_ratio(&series[0], &series[1], runs);
        println!("  aps-pack verify also lints the package and checks every SHA-256 of APP-LIST.xml.");
    }
    Ok(())
}
