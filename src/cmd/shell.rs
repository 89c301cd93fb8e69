//! `aps-pack completions SHELL` and `aps-pack man [--out DIR]`.

use crate::shell::{self, Shell};
use crate::{CliError, Ctx};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Print the completion script; the README says where each shell wants it.
pub fn completions(args: CompletionsArgs, _ctx: &Ctx) -> Result<ExitCode, CliError> {
    crate::output::print_stdout(&String::from_utf8_lossy(&shell::completions(args.shell)));
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write every page into this folder (`aps-pack.1`, `aps-pack-lint.1`,
    /// `aps-pack-zstack-package.1`, …) instead of printing the top page.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn man(args: ManArgs, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let Some(dir) = args.out else {
        let page =
            shell::man_page().map_err(|e| CliError::new(format!("cannot render the man page: {e}")))?;
        crate::output::print_stdout(&String::from_utf8_lossy(&page));
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(&dir).map_err(|e| {
        CliError::new(format!("--out {}: cannot create the folder ({e})", dir.display()))
            .with_help("give a folder aps-pack can write")
    })?;
    let pages = shell::man_pages().map_err(|e| CliError::new(format!("cannot render the man pages: {e}")))?;
    for (name, bytes) in &pages {
        let path = dir.join(name);
        aps_diag::atomic::write(&path, bytes, Some(0o644), false).map_err(|e| {
            CliError::new(format!("{}: cannot write ({e})", path.display()))
                .with_help("give a folder aps-pack can write")
        })?;
    }
    ctx.status(format_args!("wrote {} man pages to {}", pages.len(), dir.display()));
    Ok(ExitCode::SUCCESS)
}
