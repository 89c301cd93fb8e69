use crate::{CliError, Ctx};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum SchemaCommand {
    /// Generate `schemas/<service>.schema.gen` from PHP annotations.
    Gen {},
}

pub fn run(_cmd: SchemaCommand, _ctx: &Ctx) -> Result<ExitCode, CliError> {
    super::not_yet("schema")
}
