//! The edges of the command line every command shares: broken pipes, missing paths.

mod common;

use common::*;
use std::process::{Command, Stdio};

/// `aps-pack rules | head -1`: the reader goes away; the command ends quietly, with 0 (all
/// was written before) or the conventional 141, never a panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [vec!["rules"], vec!["rules", "--format", "json"], vec!["explain", "JSN002"]] {
        for _ in 0..3 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_aps-pack"))
                .args(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            drop(child.stdout.take());
            let out = child.wait_with_output().expect("wait");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert!(matches!(out.status.code(), Some(0) | Some(141)), "{args:?}: {:?} {err}", out.status);
        }
    }
}
