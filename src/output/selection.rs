//! Rule selection (`--select`, `--extend-select`, `--ignore`, `[lint] select` …): one more
//! step of the one place where severity overrides are made ([`super::DiagArgs::overrides_guarding`]).
//! Rules the selection leaves out are set `off` there, so the sink, the gate, the exit code
//! and every output agree.

use super::{announce, registry, CliError, DiagArgs};
use crate::config::RuleLevels;
use aps_diag::{Level, Rule, RuleSet, SelectionLayer, Selector, Severity};
use std::collections::BTreeSet;

/// Selectors of the configuration; unknown ones are left out here (`CFG003` reports them
/// with their line and column).
fn known(rules: &RuleSet, texts: &[String]) -> Vec<Selector> {
    texts.iter().flat_map(|t| t.split(',')).filter_map(|t| rules.selector(t).ok()).collect()
}

/// Selectors of one command-line flag; an unknown one stops the command (exit 2).
fn parsed(rules: &RuleSet, flag: &str, texts: &[String]) -> Result<Vec<Selector>, CliError> {
    rules.selectors(texts.iter().map(String::as_str)).map_err(|e| {
        let mut err = CliError::new(format!("{flag}: {}", e.message));
        err.help = e.help;
        err
    })
}

/// The files the configuration's selection comes from, nearest first.
fn selection_source(from_config: &RuleLevels) -> String {
    let config = &from_config.selection;
    let mut sources: Vec<&str> = Vec::new();
    let lists = [
        (config.select.as_ref().map(|(_, f)| f), true),
        (Some(&config.extend_select.1), !config.extend_select.0.is_empty()),
        (Some(&config.ignore.1), !config.ignore.0.is_empty()),
    ];
    for (from, set) in lists {
        if let Some(from) = from.filter(|_| set) {
            if !sources.contains(&from.as_str()) {
                sources.push(from);
            }
        }
    }
    sources.join(", ")
}

/// "APS101, APS102, … and 12 more": a list of codes short enough for one line.
fn some_codes(rules: &[&Rule]) -> String {
    const SHOWN: usize = 8;
    let mut text = rules.iter().take(SHOWN).map(|r| r.code).collect::<Vec<_>>().join(", ");
    if rules.len() > SHOWN {
        text.push_str(&format!(" and {} more", rules.len() - SHOWN));
    }
    text
}

impl DiagArgs {
    /// The command line's selection layer (its selectors checked).
    pub(crate) fn selection_layer(&self) -> Result<SelectionLayer, CliError> {
        let rules = registry();
        let select = if self.select.is_empty() {
            None
        } else {
            let select = parsed(rules, "--select", &self.select)?;
            // `--select "$RULES"` with the variable unset would otherwise run no rule at all.
            if select.is_empty() {
                return Err(CliError::new("--select: no rule named, so no rule would run").with_help(
                    "name codes, names, prefixes or groups (`--select WIZ,APS1`), or `--select ALL`",
                ));
            }
            Some(select)
        };
        Ok(SelectionLayer {
            select,
            extend_select: parsed(rules, "--extend-select", &self.extend_select)?,
            ignore: parsed(rules, "--ignore", &self.ignore)?,
        })
    }

    /// The codes that run: the configuration's selection, then the command line's. A
    /// configuration that turns off an error-level rule is named on stderr; one that would
    /// turn off a `guarded` rule is ignored for it (and says so). `--severity CODE=LEVEL`
    /// turns a rule back on that only the configuration left out.
    pub(crate) fn enabled_rules(
        &self,
        from_config: &RuleLevels,
        guarded: &dyn Fn(&Rule) -> bool,
        why: &str,
    ) -> Result<BTreeSet<&'static str>, CliError> {
        let rules = registry();
        let all = aps_diag::all_codes(rules);
        let cli = self.selection_layer()?;
        let config = &from_config.selection;
        let layer = SelectionLayer {
            // A `select` naming no known rule (a typo, reported as CFG003) is not taken as
            // "run nothing".
            select: config.select.as_ref().map(|(s, _)| known(rules, s)).filter(|s| !s.is_empty()),
            extend_select: known(rules, &config.extend_select.0),
            ignore: known(rules, &config.ignore.0),
        };
        let after_config = layer.apply(rules, &all);
        let cli_alone = cli.apply(rules, &all);
        let dropped: Vec<&Rule> = rules.iter().filter(|r| !after_config.contains(r.code)).collect();
        // The configuration never turns off what `guarded` protects, nor the findings about
        // the configuration itself (a misspelt selector would hide its own CFG003).
        let about_config = |r: &Rule| r.group == aps_diag::Group::Config;
        let kept: Vec<&Rule> = dropped.iter().copied().filter(|r| guarded(r) || about_config(r)).collect();
        let mut carried = after_config;
        carried.extend(kept.iter().map(|r| r.code));
        let mut enabled = cli.apply(rules, &carried);
        // On the command line, only an explicit `--ignore` turns off a guarded rule: a
        // `--select` that does not name it leaves it on.
        let ignored = |r: &Rule| cli.ignore.iter().any(|s| s.matches(r));
        let held: Vec<&Rule> = rules
            .iter()
            .filter(|r| guarded(r) && carried.contains(r.code) && !enabled.contains(r.code) && !ignored(r))
            .collect();
        if !held.is_empty() {
            enabled.extend(held.iter().map(|r| r.code));
            announce(format!(
                "keeping {} on ({why}): --select leaves them out; --ignore them to turn them off",
                some_codes(&held)
            ));
        }
        // `--severity CODE=LEVEL` turns back on what only the configuration left out.
        for arg in &self.severities {
            let Some((key, level)) = arg.split_once('=') else { continue };
            let on = !matches!(level.trim().parse::<Level>(), Ok(Level::Off));
            if let Some(rule) = rules.get(key.trim()).filter(|r| on && cli_alone.contains(r.code)) {
                enabled.insert(rule.code);
            }
        }
        // Name what the configuration alone decided: rules the command line would run.
        let source = selection_source(from_config);
        let kept: Vec<&Rule> = kept.into_iter().filter(|r| cli_alone.contains(r.code)).collect();
        if !kept.is_empty() {
            announce(format!("ignoring {source}: [lint] selection turns off {} ({why})", some_codes(&kept)));
        }
        let errors: Vec<&Rule> = dropped
            .iter()
            .copied()
            .filter(|r| r.default_severity == Severity::Error)
            .filter(|r| !enabled.contains(r.code) && cli_alone.contains(r.code))
            .collect();
        if !errors.is_empty() {
            announce(format!(
                "using {source}: [lint] selection turns off error-level {}",
                some_codes(&errors)
            ));
        }
        Ok(enabled)
    }
}
