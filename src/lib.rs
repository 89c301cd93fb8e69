//! The `aps-pack` command line. Each subcommand lives in `cmd/<name>.rs` with
//! its own `Args` and `run`; the domain work is in the `crates/` libraries.
//!
//! Exit codes (every command): 0 success, 1 findings at error level (or
//! warnings with `--deny-warnings`) or a failed check, 2 usage or I/O failure.

pub mod archive;
pub mod cli;
pub mod cmd;
pub mod codegen;
pub mod config;
pub mod discover;
pub mod fix;
pub mod i18n;
pub mod output;
pub mod php;
pub mod pipeline;
mod process;
pub mod progress;
pub mod results;
pub mod rules;
pub mod shell;
pub mod suppress;
pub mod upgrade;
pub mod watch;
pub mod wizard;

pub use output::{registry, CliError, Ctx};

use clap::Parser;
use std::process::ExitCode;

pub fn main() -> ExitCode {
    process::tune_allocator();
    process::fail_writes_past_file_size_limit();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = match err.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let ctx = Ctx::from_global(&cli.global);
    // Interrupted builds, packages and publishes remove their temporary files.
    if let Err(why) = aps_diag::atomic::install_signal_cleanup() {
        ctx.detail(format!("warning: {why}"));
    }
    match cmd::dispatch(cli.command, &ctx) {
        Ok(code) => code,
        Err(err) => {
            ctx.print_error(&err);
            ExitCode::from(2)
        }
    }
}
