#[path = "../../../xtask/src/bench_diff.rs"]
mod bench_diff;
fn main() {
    if let Err(e) = bench_diff::run() {
        eprintln!("{e}");
    }
}
