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
    /// Only the rules of these groups (repeatable, comma-separated): syntax, package, types,
    /// wizard, php, archive, upgrade, i18n, zstack, config, lint.
    #[arg(long, value_name = "GROUP", value_delimiter = ',')]
    pub group: Vec<String>,
    /// Only the rules these selectors cover, as `lint --select` takes them: codes, names,
    /// prefixes (`WIZ1`), groups or ALL (repeatable, comma-separated).
    #[arg(long, value_name = "SELECTOR", value_delimiter = ',')]
    pub select: Vec<String>,
}

/// The rules `--group` and `--select` leave (every rule without them).
fn listed(args: &RulesArgs) -> Result<Vec<&'static aps_diag::Rule>, CliError> {
    let rules = registry();
    let mut groups = Vec::new();
    for name in args.group.iter().map(|g| g.trim()).filter(|g| !g.is_empty()) {
        match aps_diag::Group::ALL.iter().find(|g| g.as_str().eq_ignore_ascii_case(name)) {
            Some(group) => groups.push(*group),
            None => {
                let names = aps_diag::Group::ALL.iter().map(|g| g.as_str());
                let help = aps_diag::did_you_mean_help(name, names).unwrap_or_else(|| {
                    let all: Vec<&str> = aps_diag::Group::ALL.iter().map(|g| g.as_str()).collect();
                    format!("the groups are {}", all.join(", "))
                });
                return Err(CliError::new(format!("--group: no group `{name}`")).with_help(help));
            }
        }
    }
    let selectors = rules.selectors(args.select.iter().map(String::as_str)).map_err(|e| {
        let mut err = CliError::new(format!("--select: {}", e.message));
        err.help = e.help;
        err
    })?;
    Ok(rules
        .iter()
        .filter(|r| groups.is_empty() || groups.contains(&r.group))
        .filter(|r| selectors.is_empty() || selectors.iter().any(|s| s.matches(r)))
        .collect())
}

pub fn run_list(args: RulesArgs, _ctx: &Ctx) -> Result<ExitCode, CliError> {
    let rules = listed(&args)?;
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
        for r in &rules {
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
