//! `cargo xtask bench zstack`: packaging a version with a large incompressible
//! image, aps-pack against ZStack's own approach, with the I/O floor.
//!
//! - aps-pack: `aps-pack zstack package DIR --image IMG` (uncompressed payload,
//!   SHA-256 computed on two threads while copying).
//! - ZStack, emulated with the commands its `package_bin.py` / `package_repo.py`
//!   run: `tar czf application.tar.gz *` in the folder, copy the image into a
//!   work folder, `tar czf X.tar.gz *` there (gzip of the image), `cat stub
//!   X.tar.gz > X.bin`; then the repository installer: `tar czf repo.tar.gz *`
//!   over the `.bin` (gzip again, of gzip output) and `cat stub repo.tar.gz > repo.bin`.
//! - Floor: `cat IMG > /dev/null` plus `sha256sum IMG` (read once, hash once).
//!
//! The image is random bytes behind a qcow2 header, so it does not compress
//! (like the clusters of an installed system). It is read once before timing
//! so every run starts from the page cache, and `sync` runs (untimed) before
//! each contender so none pays for another's pending writes.
//!
//! Environment: `APS_BENCH_ZSTACK_SIZE` (bytes, or with K/M/G suffix; default
//! 2G), `APS_BENCH_DIR` (work folder; default `target/bench-zstack`),
//! `APS_PACK_BIN` (default the release build in the target folder, which `cargo xtask bench`
//! builds), `APS_PACK_ROOT` (the workspace; default: xtask's parent),
//! `APS_BENCH_KEEP=1` to keep the files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    match std::env::var_os("APS_PACK_ROOT") {
        Some(r) => PathBuf::from(r),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default(),
    }
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M') => (&s[..s.len() - 1], 1 << 20),
        Some('G') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("APS_BENCH_ZSTACK_SIZE=`{s}` is not a size (e.g. 2G, 256M)"))?;
    n.checked_mul(mult)
        .filter(|&b| b >= 1 << 20)
        .ok_or_else(|| format!("APS_BENCH_ZSTACK_SIZE=`{s}`: use at least 1M"))
}

/// A qcow2 version 3 header (64 KiB clusters, virtual size 4 GiB, tables
/// inside the file) followed by pseudo-random bytes up to `size`.
fn write_image(path: &Path, size: u64) -> Result<(), String> {
    let cluster = 1u64 << 16;
    let virtual_size = 4u64 << 30;
    let mut head = vec![0u8; (3 * cluster) as usize];
    head[..4].copy_from_slice(b"QFI\xfb");
    head[4..8].copy_from_slice(&3u32.to_be_bytes());
    head[20..24].copy_from_slice(&16u32.to_be_bytes());
    head[24..32].copy_from_slice(&virtual_size.to_be_bytes());
    let l1 = virtual_size.div_ceil(cluster * (cluster / 8)) as u32;
    head[36..40].copy_from_slice(&l1.to_be_bytes());
    head[40..48].copy_from_slice(&(2 * cluster).to_be_bytes());
    head[48..56].copy_from_slice(&cluster.to_be_bytes());
    head[56..60].copy_from_slice(&1u32.to_be_bytes());
    head[96..100].copy_from_slice(&4u32.to_be_bytes());
    head[100..104].copy_from_slice(&104u32.to_be_bytes());
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    out.write_all(&head).map_err(|e| e.to_string())?;
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut buf = vec![0u8; 1 << 20];
    let mut left = size.saturating_sub(head.len() as u64);
    while left > 0 {
        for chunk in buf.chunks_exact_mut(8) {
            // xorshift64*: fast, and gzip finds nothing to squeeze.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            chunk.copy_from_slice(&state.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
        }
        let n = left.min(buf.len() as u64) as usize;
        out.write_all(&buf[..n]).map_err(|e| e.to_string())?;
        left -= n as u64;
    }
    out.flush().map_err(|e| e.to_string())
}

/// Wall time and peak resident memory (KiB) of a command.
struct Measured {
    secs: f64,
    peak_kib: Option<u64>,
}

fn measure(program: &str, args: &[&str], cwd: &Path) -> Result<Measured, String> {
    // Flush what earlier steps wrote (untimed), so no contender pays for
    // another's dirty pages being written back.
    let _ = Command::new("sync").status();
    let gnu_time = Path::new("/usr/bin/time");
    let report = cwd.join(".bench-time");
    let mut cmd = if gnu_time.exists() {
        let mut c = Command::new(gnu_time);
        c.arg("-f").arg("%M").arg("-o").arg(&report).arg(program).args(args);
        c
    } else {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    cmd.current_dir(cwd).stdout(std::process::Stdio::null());
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("{program}: {e}"))?;
    let mut polled: Option<u64> = None;
    let status = loop {
        if let Some(st) = child.try_wait().map_err(|e| e.to_string())? {
            break st;
        }
        if !gnu_time.exists() {
            // VmHWM is the child's own high-water mark; the last read before it exits is the peak.
            if let Ok(text) = std::fs::read_to_string(format!("/proc/{}/status", child.id())) {
                if let Some(kib) = text
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse().ok())
                {
                    polled = Some(kib);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let secs = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("{program} {} failed: {status}", args.join(" ")));
    }
    let peak_kib = if gnu_time.exists() {
        let text = std::fs::read_to_string(&report).unwrap_or_default();
        let _ = std::fs::remove_file(&report);
        text.lines().last().and_then(|l| l.trim().parse().ok())
    } else {
        polled
    };
    Ok(Measured { secs, peak_kib })
}

fn sh(script: &str, cwd: &Path) -> Result<Measured, String> {
    measure("bash", &["-c", &format!("set -euo pipefail; {script}")], cwd)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1u64 << 20) as f64
}

fn row(label: &str, m: &Measured, note: &str) {
    let mem =
        m.peak_kib.map(|k| format!("{:8.1} MiB", k as f64 / 1024.0)).unwrap_or_else(|| "       n/a".into());
    println!("{label:<44} {:>8.2} s  {mem}  {note}", m.secs);
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for e in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let e = e.map_err(|e| e.to_string())?;
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dest)?;
        } else {
            std::fs::copy(e.path(), &dest).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn size_of(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

pub fn run() -> Result<(), String> {
    let size = match std::env::var("APS_BENCH_ZSTACK_SIZE") {
        Ok(v) => parse_size(&v)?,
        Err(_) => 2 << 30,
    };
    let root = root();
    let aps_pack = crate::bench_cmp::aps_pack_bin();
    if !aps_pack.is_file() {
        return Err(format!("{} not found: run `cargo build --release` first", aps_pack.display()));
    }
    let work = std::env::var_os("APS_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/bench-zstack"));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let app = work.join("app");
    copy_dir(&root.join("crates/aps-zstack/tests/fixtures/apps/ok"), &app)?;
    let image = work.join("image.qcow2");
    eprintln!("writing a {:.0} MiB incompressible image to {} …", mib(size), image.display());
    write_image(&image, size)?;
    let img = image.to_str().ok_or("non-UTF-8 work path")?;
    // Warm the page cache so every contender reads from memory.
    sh(&format!("cat '{img}' > /dev/null"), &work)?;

    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "ZStack packaging: one version with a {:.0} MiB incompressible image ({cpus} CPUs, page cache warm)",
        mib(size)
    );
    println!("{:<44} {:>10}  {:>12}", "", "wall", "peak RSS");

    let cat = sh(&format!("cat '{img}' > /dev/null"), &work)?;
    row("floor: cat image > /dev/null", &cat, "");
    let sum = measure("sha256sum", &[img], &work)?;
    row("floor: sha256sum image", &sum, "");
    let floor = Measured { secs: cat.secs + sum.secs, peak_kib: None };
    row("floor: total", &floor, "");

    let out = work.join("out");
    let ours = measure(
        aps_pack.to_str().ok_or("non-UTF-8 path")?,
        &[
            "--quiet",
            "zstack",
            "package",
            "app",
            "--arch",
            "x86_64",
            "--app-version",
            "1.0",
            "--image",
            img,
            "--out-dir",
            "out",
        ],
        &work,
    )?;
    let bin = out.join("application_bins/example.hello.web/x86_64/1.0/example.hello.web__x86_64__1.0.bin");
    row("aps-pack zstack package", &ours, &format!(".bin {:.1} MiB", mib(size_of(&bin))));
    let check = measure("bash", &[bin.to_str().ok_or("path")?, "--check"], &work)?;
    row("  (management node: bash X.bin --check)", &check, "");
    let repo = work.join("repo");
    std::fs::create_dir_all(&repo).map_err(|e| e.to_string())?;
    let install = measure("bash", &[bin.to_str().ok_or("path")?, repo.to_str().ok_or("path")?], &work)?;
    row("  (management node: bash X.bin REPO)", &install, "verify, then copy + verify");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&repo);

    // ZStack's scripts, step by step.
    let zs = work.join("zstack");
    std::fs::create_dir_all(zs.join("tmp")).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(zs.join("bins")).map_err(|e| e.to_string())?;
    std::fs::write(
        zs.join("decompress.sh"),
        "#!/bin/bash\n# (installer text)\nexit 0\n\n__ARCHIVE_BELOW__\n",
    )
    .map_err(|e| e.to_string())?;
    let app_bin = sh(
        &format!(
            "cd app && tar -czf ../zstack/application.tar.gz * && cd ../zstack/tmp && \
             cp ../application.tar.gz . && printf 'APP_ID=a\\nARCH=x86_64\\nVERSION=1.0\\n' > info && \
             cp '{img}' image.qcow2 && tar -czf ../app.tar.gz * && \
             cat ../decompress.sh ../app.tar.gz > ../bins/a__x86_64__1.0.bin"
        ),
        &work,
    )?;
    row(
        "ZStack: application .bin (tar+gzip of image)",
        &app_bin,
        &format!(".bin {:.1} MiB", mib(size_of(&zs.join("bins/a__x86_64__1.0.bin")))),
    );
    let _ = std::fs::remove_dir_all(zs.join("tmp"));
    let _ = std::fs::remove_file(zs.join("app.tar.gz"));
    let repo_bin = sh(
        "cd zstack/bins && tar -czf ../repo.tar.gz * && cat ../decompress.sh ../repo.tar.gz > ../repo.bin",
        &work,
    )?;
    row(
        "ZStack: repository .bin (tar+gzip again)",
        &repo_bin,
        &format!(".bin {:.1} MiB", mib(size_of(&zs.join("repo.bin")))),
    );
    let zstack_total =
        Measured { secs: app_bin.secs + repo_bin.secs, peak_kib: app_bin.peak_kib.max(repo_bin.peak_kib) };
    row("ZStack: total", &zstack_total, "");
    println!();
    println!("ZStack total / aps-pack:           {:6.1}x", zstack_total.secs / ours.secs);
    println!("ZStack application .bin / aps-pack:{:6.1}x", app_bin.secs / ours.secs);
    println!("aps-pack / floor:                  {:6.2}x", ours.secs / floor.secs);
    if std::env::var_os("APS_BENCH_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&work);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("256m"), Ok(256 << 20));
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert!(parse_size("1K").is_err());
        assert!(parse_size("lots").is_err());
    }
}
