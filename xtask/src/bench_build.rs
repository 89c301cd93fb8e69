//! `cargo xtask bench build`: `aps-pack build` against Info-ZIP `zip -r -X -q`
//! on the same generated package, in the same run.
//!
//! The package is the example package plus about 2,000 generated files,
//! about 300 MB: half text (JavaScript, JSON, PHP-like sources, logs — it
//! compresses) and half incompressible data (images, archives), with a few
//! files large enough to take the streaming path. Each tool builds the tree
//! three times after a warm-up run (page cache hot for both), the runs of
//! the two tools alternating; the best time is reported, with the peak
//! resident memory (VmHWM) of the process.
//! aps-pack does more than zip: it lints the package first, hashes every file
//! with SHA-256 and writes APP-LIST.xml.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TEXT_FILES: usize = 1_400;
const BINARY_FILES: usize = 600;
const TARGET_TEXT_BYTES: u64 = 150_000_000;
const TARGET_BINARY_BYTES: u64 = 150_000_000;
const RUNS: usize = 3;

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

/// Write the benchmark package; returns (files, bytes) added.
fn generate(pkg: &Path) -> Result<(usize, u64), String> {
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
    for i in 0..TEXT_FILES {
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
    for i in 0..BINARY_FILES {
        let size = match i {
            0 | 1 => 24_000_000,
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

/// Peak resident set (kB) of a running process, from /proc.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run a command; its wall time and peak memory (polled until it exits).
fn measure(cmd: &mut Command) -> Result<(Duration, u64), String> {
    let start = Instant::now();
    let mut child =
        cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().map_err(|e| format!("cannot start: {e}"))?;
    let pid = child.id();
    let mut peak = 0;
    loop {
        if let Some(kb) = vm_hwm(pid) {
            peak = peak.max(kb);
        }
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => {
                let elapsed = start.elapsed();
                if !status.success() {
                    let mut err = String::new();
                    if let Some(mut e) = child.stderr.take() {
                        use std::io::Read;
                        let _ = e.read_to_string(&mut err);
                    }
                    return Err(format!("failed ({status}): {err}"));
                }
                return Ok((elapsed, peak));
            }
            None => std::thread::sleep(Duration::from_millis(2)),
        }
    }
}

/// Best time and highest peak memory over `RUNS` runs of each command, after
/// one warm-up run each; the two are interleaved so that whatever else the
/// machine does weighs on both alike.
type Measure<'a> = Box<dyn FnMut() -> Result<(Duration, u64), String> + 'a>;

fn interleaved<'a>(mut a: Measure<'a>, mut b: Measure<'a>) -> Result<[(Duration, u64); 2], String> {
    a()?;
    b()?;
    let mut best = [(Duration::MAX, 0u64); 2];
    for _ in 0..RUNS {
        for (slot, run) in [&mut a, &mut b].into_iter().enumerate() {
            let (t, m) = run()?;
            best[slot].0 = best[slot].0.min(t);
            best[slot].1 = best[slot].1.max(m);
        }
    }
    Ok(best)
}

pub fn run() -> Result<(), String> {
    let root = root();
    let zip_ok =
        Command::new("zip").arg("-v").stdout(Stdio::null()).status().map(|s| s.success()).unwrap_or(false);
    if !zip_ok {
        return Err("Info-ZIP `zip` is needed for the comparison (apt-get install zip)".into());
    }
    println!("building aps-pack (release)…");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "aps-pack"])
        .current_dir(&root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build --release failed".into());
    }
    let bin = root.join("target/release/aps-pack");
    let work = root.join("target/bench-build");
    let _ = std::fs::remove_dir_all(&work);
    let pkg = work.join("pkg");
    let out = work.join("out");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    println!("generating the package in {}…", pkg.display());
    let (files, bytes) = generate(&pkg)?;
    println!("  {files} generated files, {:.1} MB (plus the example package)\n", bytes as f64 / 1e6);

    let aps_out = out.join("aps.app.zip");
    let zip_out = out.join("info-zip.zip");
    let [(aps_time, aps_mem), (zip_time, zip_mem)] = interleaved(
        Box::new(|| {
            measure(
                Command::new(&bin)
                    .args(["--quiet", "build"])
                    .arg(&pkg)
                    .arg("-o")
                    .arg(&aps_out)
                    .env_remove("SOURCE_DATE_EPOCH"),
            )
        }),
        Box::new(|| {
            let _ = std::fs::remove_file(&zip_out);
            measure(Command::new("zip").args(["-r", "-X", "-q"]).arg(&zip_out).arg(".").current_dir(&pkg))
        }),
    )?;
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("{:<28} {:>10} {:>14} {:>14}", "tool", "time", "peak memory", "archive");
    println!(
        "{:<28} {:>9.2}s {:>11.1} MB {:>11.1} MB",
        "aps-pack build",
        aps_time.as_secs_f64(),
        aps_mem as f64 / 1024.0,
        size(&aps_out) as f64 / 1e6
    );
    println!(
        "{:<28} {:>9.2}s {:>11.1} MB {:>11.1} MB",
        "zip -r -X -q (Info-ZIP)",
        zip_time.as_secs_f64(),
        zip_mem as f64 / 1024.0,
        size(&zip_out) as f64 / 1e6
    );
    println!(
        "\naps-pack / zip time ratio: {:.2} ({:.1}x {}), {threads} core(s); best of {RUNS} alternating runs after a warm-up",
        aps_time.as_secs_f64() / zip_time.as_secs_f64(),
        if aps_time < zip_time {
            zip_time.as_secs_f64() / aps_time.as_secs_f64()
        } else {
            aps_time.as_secs_f64() / zip_time.as_secs_f64()
        },
        if aps_time < zip_time { "faster" } else { "slower" }
    );
    println!("aps-pack also linted the package, hashed every file (SHA-256) and wrote APP-LIST.xml.");
    Ok(())
}
