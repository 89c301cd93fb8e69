use crate::{CliError, Ctx};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, _ctx: &Ctx) -> Result<ExitCode, CliError> {
    super::not_yet("sign")
}
