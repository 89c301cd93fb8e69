//! `lint --watch` and `resolve --watch` run again when a file changes. Real file events
//! (inotify on Linux) on a real process; every wait is bounded.

mod common;

use common::{copy_tree, root};
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Lines of the child's stdout and stderr, as they come.
struct Watched {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watched {
    fn start(cwd: &std::path::Path, args: &[&str]) -> Watched {
        let mut child = common::command(cwd)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start aps-pack");
        let (tx, lines) = mpsc::channel();
        fn pump(from: impl Read + Send + 'static, tx: mpsc::Sender<String>) {
            std::thread::spawn(move || {
                for line in BufReader::new(from).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        pump(child.stdout.take().expect("stdout"), tx.clone());
        pump(child.stderr.take().expect("stderr"), tx);
        Watched { child, lines, seen: Vec::new() }
    }

    /// Wait until a line contains `text`; how many lines matched it so far.
    fn wait_for(&mut self, text: &str, times: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.seen.iter().filter(|l| l.contains(text)).count() < times {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => {
                    panic!("no {text:?} (×{times}) within 30 s; output so far:\n{}", self.seen.join("\n"))
                }
            }
        }
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn lint_runs_again_when_a_file_of_the_package_changes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pkg = tmp.path().join("pkg");
    copy_tree(&root().join("examples/hello-cloud"), &pkg);
    let mut w = Watched::start(tmp.path(), &["lint", "--watch", "pkg"]);
    w.wait_for("watching for changes", 1);
    w.wait_for("no problems found", 1);

    let schema = std::fs::read_dir(pkg.join("schemas"))
        .expect("schemas")
        .next()
        .expect("a schema")
        .expect("entry")
        .path();
    std::fs::write(&schema, "{ \"id\": 1, \"id\": 2 }").expect("write");
    w.wait_for("changed: ", 1);
    w.wait_for("duplicate key", 1);
    w.wait_for("watching for changes", 2);
    assert!(w.child.try_wait().expect("status").is_none(), "an error does not end the watch");
}

#[test]
fn resolve_runs_again_when_the_wizard_data_changes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pkg = tmp.path().join("pkg");
    copy_tree(&root().join("examples/hello-cloud"), &pkg);
    let wizard = pkg.join("scripts/wizard_data.json");
    let mut w = Watched::start(tmp.path(), &["resolve", "--watch", "pkg/scripts/wizard_data.json"]);
    w.wait_for("watching for changes", 1);
    std::fs::write(&wizard, "{ not json").expect("write");
    w.wait_for("changed: ", 1);
    w.wait_for("watching for changes", 2);
    let after_change = w.seen.iter().skip_while(|l| !l.contains("changed: ")).cloned().collect::<Vec<_>>();
    assert!(!after_change.is_empty(), "{:?}", w.seen);
    assert!(after_change.iter().any(|l| l.contains("wizard_data.json")), "{after_change:?}");
}
