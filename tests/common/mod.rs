//! Helpers shared by the end-to-end tests: running the built `aps-pack`,
//! reading what it printed, copying fixture trees into scratch folders.
//! Each test file uses only some of them.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// The repository root, where `examples/` and `fixtures/` live.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The built `aps-pack`, to be run in `cwd`, with colour off so output
/// compares as plain text.
pub fn command(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aps-pack"));
    cmd.current_dir(cwd).env("NO_COLOR", "1");
    cmd
}

/// Run the built `aps-pack` with `args` in `cwd`.
pub fn aps_pack(cwd: &Path, args: &[&str]) -> Output {
    command(cwd).args(args).output().expect("run aps-pack")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit status and both streams, for assertion messages and for searching
/// the whole output.
pub fn show(o: &Output) -> String {
    format!("status {:?}\n--- stdout\n{}\n--- stderr\n{}", o.status.code(), stdout(o), stderr(o))
}

/// The exit code; -1 when killed by a signal.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Standard output parsed as JSON (`--format json`).
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// Copy the folders and files under `from` to `to` (created if missing).
/// Symbolic links are not followed and not copied: fixture trees hold none,
/// and a copy must not reach outside them.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the fixture tree");
        let dest = to.join(entry.path().strip_prefix(from).expect("entry is under the walked root"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("create a folder of the copy");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).expect("copy a fixture file");
        }
    }
}
