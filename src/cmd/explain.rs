use crate::{registry, CliError, Ctx};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A rule code (e.g. WIZ101) or rule name.
    pub code: String,
}

pub fn run(args: Args, _ctx: &Ctx) -> Result<ExitCode, CliError> {
    let rules = registry();
    let Some(rule) = rules.get(&args.code) else {
        let mut err = CliError::new(format!("no rule `{}`", args.code));
        err.help = aps_diag::did_you_mean_help(&args.code, rules.iter().flat_map(|r| [r.code, r.name]))
            .or_else(|| Some("`aps-pack rules` lists every rule".into()));
        return Err(err);
    };
    crate::output::print_stdout(&format!(
        "{} ({}) · group {} · default severity {}\n\n{}\n\n{}",
        rule.code,
        rule.name,
        rule.group,
        rule.default_severity,
        rule.summary,
        rule.docs_markdown()
    ));
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Output format (`json` gives code, name, group, severity, summary).
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

pub fn run_list(args: RulesArgs, _ctx: &Ctx) -> Result<ExitCode, CliError> {
    let rules = registry();
    if args.format == ListFormat::Json {
        let list: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code, "name": r.name, "group": r.group,
                    "severity": r.default_severity, "summary": r.summary,
                })
            })
            .collect();
        crate::output::print_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        ));
    } else {
        let mut text = String::new();
        for r in rules.iter() {
            text.push_str(&format!(
                "{:<8} {:<8} {:<40} {}\n",
                r.code,
                r.default_severity.as_str(),
                r.name,
                r.summary
            ));
        }
        crate::output::print_stdout(&text);
    }
    Ok(ExitCode::SUCCESS)
}
