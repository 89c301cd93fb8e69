//! One module per subcommand.

pub mod build;
pub mod bump;
pub mod config;
pub mod diff;
pub mod explain;
pub mod i18n;
pub mod init;
pub mod inspect;
pub mod lint;
pub mod localize;
pub mod resolve;
pub mod schema;
pub mod server;
pub mod shell;
pub mod sign;
pub mod verify;
pub mod zstack;

use crate::cli::Command;
use crate::{CliError, Ctx};
use std::process::ExitCode;

pub fn dispatch(command: Command, ctx: &Ctx) -> Result<ExitCode, CliError> {
    match command {
        Command::Lint(a) => lint::run(a, ctx),
        Command::Build(a) => build::run(a, ctx),
        Command::Bump(a) => bump::run(a, ctx),
        Command::Sign(a) => sign::run(a, ctx),
        Command::Verify(a) => verify::run(a, ctx),
        Command::Inspect(a) => inspect::run(a, ctx),
        Command::Resolve(a) => resolve::run(a, ctx),
        Command::Diff(a) => diff::run(a, ctx),
        Command::Schema(a) => schema::run(a, ctx),
        Command::Zstack(a) => zstack::run(a, ctx),
        Command::I18n(a) => i18n::run(a, ctx),
        Command::Localize(a) => localize::run(a, ctx),
        Command::Init(a) => init::run(a, ctx),
        Command::Explain(a) => explain::run(a, ctx),
        Command::Rules(a) => explain::run_list(a, ctx),
        Command::Config(a) => config::run(a, ctx),
        Command::Server(a) => server::run(a, ctx),
        Command::Completions(a) => shell::completions(a, ctx),
        Command::Man(a) => shell::man(a, ctx),
    }
}
