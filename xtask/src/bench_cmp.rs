//! Side-by-side measurement of commands: aps-pack and a peer tool run
//! alternately on the same input, several runs each, reporting the median wall
//! time and the peak resident memory the kernel recorded for each process
//! (`ru_maxrss`, so short-lived processes are measured exactly).
//!
//! Linux carries the spawning process's resident size into the child's
//! `ru_maxrss` when the child calls exec, so a process this harness spawned
//! would never report less than the harness itself (about 28 MiB). Each
//! command is therefore started through GNU time (`/usr/bin/time`, a small
//! process) and its peak read from time's report; without GNU time the
//! harness's own `wait4` figure is shown, with that floor.
//!
//! The machine the benchmarks run on is shared and noisy: absolute times
//! move from run to run, the ratio of two medians taken in the same
//! interleaved run much less.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The folder cargo builds into (`CARGO_TARGET_DIR` respected).
fn target_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::root().join("target"));
    if target.is_absolute() {
        target
    } else {
        crate::root().join(target)
    }
}

/// The release binary under test: `APS_PACK_BIN`, else the release build in
/// the target folder.
pub fn aps_pack_bin() -> PathBuf {
    match std::env::var_os("APS_PACK_BIN") {
        Some(bin) => PathBuf::from(bin),
        None => target_dir().join("release/aps-pack"),
    }
}

/// Scratch space of the benchmarks (generated inputs; the callers remove it):
/// `APS_BENCH_DIR`, else in the target folder.
pub fn work_dir(area: &str) -> PathBuf {
    let base = std::env::var_os("APS_BENCH_DIR").map(PathBuf::from).unwrap_or_else(target_dir);
    base.join(format!("bench-{area}"))
}

/// Number of measured runs per tool: `APS_BENCH_RUNS`, else `default`.
pub fn runs(default: usize) -> usize {
    std::env::var("APS_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(default)
}

/// Whether `program` can be started (`arg` is a harmless option such as `-v`).
pub fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[derive(Clone, Copy, Debug)]
pub struct Sample {
    pub time: Duration,
    /// Peak resident set size in KiB, as the kernel counted it.
    pub peak_kib: u64,
}

/// Run `cmd` to completion: its wall time and peak memory. Fails with its
/// standard error when it does not exit with 0.
pub fn measure(cmd: &mut Command) -> Result<Sample, String> {
    let err_path = std::env::temp_dir().join(format!("aps-pack-bench-stderr-{}", std::process::id()));
    let peak_path = std::env::temp_dir().join(format!("aps-pack-bench-peak-{}", std::process::id()));
    let err_file = std::fs::File::create(&err_path).map_err(|e| format!("{}: {e}", err_path.display()))?;
    let program = cmd.get_program().to_os_string();
    let mut through_time = Command::new(GNU_TIME);
    let via_time = std::path::Path::new(GNU_TIME).is_file();
    let run = if via_time {
        through_time
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&peak_path)
            .arg(cmd.get_program())
            .args(cmd.get_args());
        if let Some(dir) = cmd.get_current_dir() {
            through_time.current_dir(dir);
        }
        for (key, value) in cmd.get_envs() {
            match value {
                Some(value) => through_time.env(key, value),
                None => through_time.env_remove(key),
            };
        }
        &mut through_time
    } else {
        cmd
    };
    let start = Instant::now();
    let child = run
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("cannot start {program:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data; zeroed is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child; pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {e}"));
        }
    }
    let time = start.elapsed();
    drop(child);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        let err = std::fs::read_to_string(&err_path).unwrap_or_default();
        let _ = std::fs::remove_file(&err_path);
        return Err(format!("{program:?} failed (wait status {status}): {}", err.trim_end()));
    }
    let _ = std::fs::remove_file(&err_path);
    let peak_kib = if via_time {
        let report = std::fs::read_to_string(&peak_path).unwrap_or_default();
        let _ = std::fs::remove_file(&peak_path);
        let last = report.lines().last().unwrap_or("").trim();
        last.parse::<u64>().map_err(|_| format!("{GNU_TIME} reported `{last}`, not a peak in KiB"))?
    } else {
        usage.ru_maxrss.max(0) as u64
    };
    Ok(Sample { time, peak_kib })
}

/// Starts each measured command, so that its peak is its own (see the module documentation).
const GNU_TIME: &str = "/usr/bin/time";

/// The samples of one tool.
pub struct Series {
    pub label: String,
    pub samples: Vec<Sample>,
}

impl Series {
    pub fn median(&self) -> Duration {
        let mut t: Vec<Duration> = self.samples.iter().map(|s| s.time).collect();
        t.sort();
        match t.len() {
            0 => Duration::ZERO,
            n if n % 2 == 1 => t[n / 2],
            n => (t[n / 2 - 1] + t[n / 2]) / 2,
        }
    }
    pub fn min(&self) -> Duration {
        self.samples.iter().map(|s| s.time).min().unwrap_or_default()
    }
    pub fn max(&self) -> Duration {
        self.samples.iter().map(|s| s.time).max().unwrap_or_default()
    }
    /// The highest peak over the runs, in MiB.
    pub fn peak_mib(&self) -> f64 {
        self.samples.iter().map(|s| s.peak_kib).max().unwrap_or(0) as f64 / 1024.0
    }
}

pub type Runner<'a> = Box<dyn FnMut() -> Result<Sample, String> + 'a>;

/// Run every tool once as a warm-up, then `runs` rounds, the tools
/// alternating within each round.
pub fn interleaved(runs: usize, tools: Vec<(&str, Runner<'_>)>) -> Result<Vec<Series>, String> {
    let mut tools = tools;
    for (_, run) in tools.iter_mut() {
        run()?;
    }
    let mut series: Vec<Series> = tools
        .iter()
        .map(|(l, _)| Series { label: l.to_string(), samples: Vec::with_capacity(runs) })
        .collect();
    for _ in 0..runs {
        for (slot, (_, run)) in tools.iter_mut().enumerate() {
            series[slot].samples.push(run()?);
        }
    }
    Ok(series)
}

pub fn print_table(series: &[Series], extra: &dyn Fn(usize) -> String, extra_head: &str) {
    println!(
        "  {:<34} {:>11} {:>11} {:>11} {:>12} {:>12}",
        "tool", "median", "min", "max", "peak RSS", extra_head
    );
    for (i, s) in series.iter().enumerate() {
        println!(
            "  {:<34} {:>11} {:>11} {:>11} {:>8.1} MiB {:>12}",
            s.label,
            fmt_time(s.median()),
            fmt_time(s.min()),
            fmt_time(s.max()),
            s.peak_mib(),
            extra(i)
        );
    }
}

/// "aps-pack is N× faster/slower than PEER" from the medians.
pub fn print_ratio(aps: &Series, peer: &Series, runs: usize) {
    let a = aps.median().as_secs_f64();
    let p = peer.median().as_secs_f64();
    let (factor, word) = if a <= p { (p / a, "faster") } else { (a / p, "slower") };
    println!(
        "  time ratio {} / {}: {:.3} — {factor:.2}× {word} (medians of {runs} interleaved runs after a warm-up)",
        aps.label,
        peer.label,
        a / p
    );
}

pub fn fmt_time(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.3} s")
    } else {
        format!("{:.2} ms", s * 1000.0)
    }
}
