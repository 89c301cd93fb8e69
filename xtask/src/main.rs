//! Project automation: `cargo xtask codegen [--check]`, `cargo xtask bench [AREA]`,
//! `cargo xtask dist`.

mod bench_build;
mod bench_cmp;
mod bench_diff;
mod bench_lint;
mod bench_lsp;
mod bench_model;
mod bench_php;
mod bench_s3;
mod bench_wizard;
mod bench_zstack;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(args.iter().any(|a| a == "--check")),
        Some("dist") => dist(&root().join("target/dist")),
        Some("bench") => bench(args.get(1).map(String::as_str)),
        _ => Err("usage: cargo xtask codegen [--check] | bench [AREA] | dist".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(check: bool) -> Result<(), String> {
    let mut stale = Vec::new();
    for (rel, content) in aps_pack::codegen::generated_files() {
        let path = root().join(rel);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == content {
            continue;
        }
        if check {
            stale.push(rel);
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            std::fs::write(&path, content).map_err(|e| format!("{rel}: {e}"))?;
            println!("wrote {rel}");
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!("stale generated files (run `cargo xtask codegen`): {}", stale.join(", ")))
    }
}

/// Shell completions and man pages into `out` (`target/dist/`), from the code behind
/// `aps-pack completions` and `aps-pack man`.
fn dist(out: &Path) -> Result<(), String> {
    use aps_pack::shell::{self, Shell};
    let completions = out.join("completions");
    let man = out.join("man");
    std::fs::create_dir_all(&completions).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&man).map_err(|e| e.to_string())?;
    for sh in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell, Shell::Elvish] {
        std::fs::write(completions.join(shell::completion_file_name(sh)), shell::completions(sh))
            .map_err(|e| e.to_string())?;
    }
    for (name, page) in shell::man_pages().map_err(|e| e.to_string())? {
        std::fs::write(man.join(name), page).map_err(|e| e.to_string())?;
    }
    println!("wrote {}", out.display());
    Ok(())
}

/// Benchmarks run against the release build of the binary (built first).
fn bench(area: Option<&str>) -> Result<(), String> {
    if std::env::var_os("APS_PACK_BIN").is_some() {
        // The binary to measure is given; nothing to build.
        return bench_area(area);
    }
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "aps-pack"])
        .current_dir(root())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build --release failed".into());
    }
    bench_area(area)
}

fn bench_area(area: Option<&str>) -> Result<(), String> {
    match area {
        Some("build") => bench_build::run(true, false),
        Some("verify") => bench_build::run(false, true),
        Some("diff") => bench_diff::run(),
        Some("lint") => bench_lint::run(&root()),
        Some("lsp") => bench_lsp::run(),
        Some("model") => bench_model::run(&root()),
        Some("php") => bench_php::run(),
        Some("s3") => bench_s3::run(),
        Some("wizard") => bench_wizard::run(),
        Some("zstack") => bench_zstack::run(),
        // The comparisons of the performance goals, side by side with their peers.
        None | Some("all") => bench_build::run(true, true).and_then(|()| bench_lint::run(&root())),
        Some(other) => Err(format!(
            "unknown bench area `{other}`: build, verify, lint, lsp, model, wizard, php, diff, zstack, s3 \
             (none: build, verify and lint)"
        )),
    }
}

/// A `'static` label for a benchmark row; xtask is short-lived.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

#[cfg(test)]
mod tests {
    #[test]
    fn dist_writes_completions_and_man_pages() {
        let dir = std::env::temp_dir().join(format!("aps-pack-dist-{}", std::process::id()));
        super::dist(&dir).unwrap();
        let bash = std::fs::read_to_string(dir.join("completions/aps-pack.bash")).unwrap();
        assert!(bash.contains("lint") && bash.contains("zstack"));
        let man = std::fs::read_to_string(dir.join("man/aps-pack-lint.1")).unwrap();
        assert!(dir.join("man/aps-pack-zstack-package.1").is_file());
        assert!(man.contains("deny\\-warnings") || man.contains("deny-warnings"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
