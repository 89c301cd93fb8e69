use crate::cmd;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint, build, sign and verify APS application packages and ZStack marketplace releases.
#[derive(Debug, Parser)]
#[command(name = "aps-pack", version = env!("APS_PACK_LONG_VERSION"), about, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Print only findings and errors: no progress, no summaries.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more about what is being done (repeatable, as in `-vv`).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// When to use colours.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check package folders, archives, APP-META.xml, type schemas, wizard data and ZStack application folders.
    Lint(cmd::lint::Args),
    /// Build a reproducible `<name>-<version>-<release>.app.zip` from a package folder.
    Build(cmd::build::Args),
    /// Move APP-META.xml to the next major, minor or patch version, or the next release.
    Bump(cmd::bump::Args),
    /// Sign (or add a signer to) an existing `.app.zip`.
    Sign(cmd::sign::Args),
    /// Check an `.app.zip` the way a careful controller would.
    Verify(cmd::verify::Args),
    /// Summarise a package folder or `.app.zip`.
    Inspect(cmd::inspect::Args),
    /// Print the resolved reference graph of a wizard data file.
    Resolve(cmd::resolve::Args),
    /// Compare two versions of a package and check that the upgrade is safe.
    Diff(cmd::diff::Args),
    /// Type schemas generated from PHP annotations.
    #[command(subcommand)]
    Schema(cmd::schema::SchemaCommand),
    /// ZStack Cloud Application Market releases.
    #[command(subcommand)]
    Zstack(cmd::zstack::ZstackCommand),
    /// Translations: compile PO files into catalogs, extract the strings a package uses.
    #[command(subcommand)]
    I18n(cmd::i18n::I18nCommand),
    /// Build the localisation add-on package of an application for one locale.
    Localize(cmd::localize::Args),
    /// Create a new APS 2 package that lints, resolves and builds.
    Init(cmd::init::Args),
    /// Show the documentation of a rule.
    Explain(cmd::explain::Args),
    /// List every rule with its code and default severity.
    Rules(cmd::explain::RulesArgs),
    /// Print the aps-pack.toml settings in effect for a folder, and the files they come from.
    Config(cmd::config::Args),
    /// Language server for editors (LSP over stdin/stdout): findings as you type, go to definition, hover, completion.
    Server(cmd::server::Args),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    Completions(cmd::shell::CompletionsArgs),
    /// Print the man page, or write one page per command with `--out DIR`.
    Man(cmd::shell::ManArgs),
}
