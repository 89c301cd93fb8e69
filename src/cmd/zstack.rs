use crate::{CliError, Ctx};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum ZstackCommand {
    /// Build application.tar.gz and the self-extracting .bin for one version.
    Package {},
}

pub fn run(_cmd: ZstackCommand, _ctx: &Ctx) -> Result<ExitCode, CliError> {
    super::not_yet("zstack")
}
