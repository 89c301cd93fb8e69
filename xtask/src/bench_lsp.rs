//! `cargo xtask bench lsp`: time from a `didChange` notification to the
//! `publishDiagnostics` it causes, through the real `aps-pack server` over pipes.
//! Two cases: the generated 5,000-resource-type wizard file of `bench wizard` in
//! its package (goal ≤ 50 ms), and a one-line change in a 50-type package (goal
//! ≤ 10 ms). The server runs with `debounceMs: 0`, so the figures are the work
//! done; an editor's default adds the 30 ms quiet period. Median of several runs.
//!
//! The binary: `APS_PACK_BIN`, else `$CARGO_TARGET_DIR/release/aps-pack`, else
//! `target/release/aps-pack`.

use crate::bench_wizard::{package_files, wizard_data};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 15;

pub fn run() -> Result<(), String> {
    let bin = binary()?;
    println!("aps-pack server: didChange → publishDiagnostics (median of {RUNS} runs, debounce off)");
    println!("{:>8} {:>10} {:>12} {:>12} {:>10}", "types", "KiB", "median ms", "max ms", "goal ms");
    for (types, goal) in [(5_000, 50.0), (50, 10.0)] {
        let dir = std::env::temp_dir().join(format!("aps-pack-bench-lsp-{}-{types}", std::process::id()));
        let result = measure(&bin, &dir, types);
        let _ = std::fs::remove_dir_all(&dir);
        let (kib, mut times) = result?;
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let max = times.last().copied().unwrap_or_default();
        println!("{types:>8} {kib:>10} {median:>12.2} {max:>12.2} {goal:>10.0}");
    }
    Ok(())
}

fn binary() -> Result<PathBuf, String> {
    let bin = std::env::var_os("APS_PACK_BIN").map(PathBuf::from).unwrap_or_else(|| {
        let target =
            std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or(crate::root().join("target"));
        target.join("release/aps-pack")
    });
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!("{} not found: run `cargo build --release --bin aps-pack` first", bin.display()))
    }
}

fn measure(bin: &Path, dir: &Path, types: usize) -> Result<(usize, Vec<f64>), String> {
    for (rel, bytes) in package_files() {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().ok_or("no parent")?).map_err(|e| e.to_string())?;
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
    }
    let text = wizard_data(types);
    let wizard = dir.join("scripts/wizard_data.json");
    std::fs::create_dir_all(dir.join("scripts")).map_err(|e| e.to_string())?;
    std::fs::write(&wizard, &text).map_err(|e| e.to_string())?;
    let mut child = Command::new(bin)
        .args(["server", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let mut stdin = child.stdin.take().ok_or("stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("stdout")?);
    let uri = format!("file://{}", wizard.display());
    send(
        &mut stdin,
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": { "debounceMs": 0 } } }),
    )?;
    wait(&mut stdout, |m| m["id"] == 1)?;
    send(&mut stdin, json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }))?;
    send(
        &mut stdin,
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "json", "version": 1, "text": text } } }),
    )?;
    wait(&mut stdout, |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)?;
    let mut times = Vec::new();
    for run in 0..RUNS {
        // A one-line change: a resource type's name.
        let changed = text.replacen("\"name\": \"", &format!("\"name\": \"run {run} "), 1);
        let start = Instant::now();
        send(
            &mut stdin,
            json!({ "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": { "textDocument": { "uri": uri, "version": run + 2 }, "contentChanges": [{ "text": changed }] } }),
        )?;
        wait(&mut stdout, |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    send(&mut stdin, json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }))?;
    wait(&mut stdout, |m| m["id"] == 2)?;
    send(&mut stdin, json!({ "jsonrpc": "2.0", "method": "exit" }))?;
    let _ = child.wait();
    Ok((text.len() / 1024, times))
}

fn send(w: &mut ChildStdin, msg: Value) -> Result<(), String> {
    let body = msg.to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len())
        .and_then(|_| w.flush())
        .map_err(|e| e.to_string())
}

fn wait(r: &mut BufReader<ChildStdout>, want: impl Fn(&Value) -> bool) -> Result<Value, String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let mut len = 0;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
                return Err("the server closed its output".into());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                len = n.parse().map_err(|_| "bad Content-Length")?;
            }
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).map_err(|e| e.to_string())?;
        let msg: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        if want(&msg) {
            return Ok(msg);
        }
    }
    Err("timed out".into())
}
