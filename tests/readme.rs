//! The README's examples are run, so the documentation cannot rot.
//!
//! Every line starting with `$ ` inside a ```` ```console ```` block is run
//! with bash in a scratch copy of `examples/` and `fixtures/`, with the
//! freshly built `aps-pack` first on PATH. A line must exit 0 unless it ends
//! with `# exit N`. Lines of one block share the scratch folder, in order.

mod common;

use common::copy_tree;
use std::path::Path;
use std::process::Command;

struct Example {
    line_no: usize,
    command: String,
    expected_exit: i32,
}

fn console_blocks(readme: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    for (i, line) in readme.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None if trimmed == "```console" => current = Some(Vec::new()),
                None => {}
            }
            continue;
        }
        if let (Some(block), Some(cmd)) = (current.as_mut(), trimmed.strip_prefix("$ ")) {
            let (command, expected_exit) = match cmd.rsplit_once("# exit ") {
                Some((c, code)) => (c.trim_end().to_string(), code.trim().parse().expect("exit code")),
                None => (cmd.to_string(), 0),
            };
            block.push(Example { line_no: i + 1, command, expected_exit });
        }
    }
    blocks
}

#[test]
fn readme_examples_run() {
    let root = common::root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_aps-pack")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let blocks = console_blocks(&readme);
    assert!(blocks.iter().map(Vec::len).sum::<usize>() >= 5, "the README should have runnable examples");
    let mut failures = Vec::new();
    for block in blocks {
        let scratch = tempfile::tempdir().unwrap();
        copy_tree(&root.join("examples"), &scratch.path().join("examples"));
        copy_tree(&root.join("fixtures"), &scratch.path().join("fixtures"));
        for ex in block {
            let out = Command::new("bash")
                .args(["-c", &ex.command])
                .current_dir(scratch.path())
                .env("PATH", &path)
                .env("NO_COLOR", "1")
                .env("SOURCE_DATE_EPOCH", "1700000000")
                .output()
                .unwrap();
            let code = out.status.code().unwrap_or(-1);
            if code != ex.expected_exit {
                failures.push(format!(
                    "README.md:{}: `{}` exited {code}, expected {}\n--- stdout\n{}\n--- stderr\n{}",
                    ex.line_no,
                    ex.command,
                    ex.expected_exit,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
