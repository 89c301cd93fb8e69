//! Rule selection, as ruff does it: `select` replaces the set of rules that run,
//! `extend-select` adds to it, `ignore` removes from it; a selector names a rule (by code
//! or name), a code prefix (`WIZ`, `WIZ1`), a group (`wizard`) or `ALL`. Within one layer
//! of settings the more specific selector wins (a code beats a prefix, a longer prefix a
//! shorter one, a prefix a group), and at equal specificity `ignore` wins; a later layer
//! (the command line after the configuration) starts from what the earlier one left, or
//! from nothing when it says `select` itself.

use crate::{Failure, Group, Rule, RuleSet};
use std::collections::BTreeSet;

/// One parsed selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    /// As written.
    pub text: String,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    All,
    Group(Group),
    /// Upper-cased code prefix.
    Prefix(String),
    Rule(&'static str),
}

impl Selector {
    /// Does this selector cover `rule`?
    pub fn matches(&self, rule: &Rule) -> bool {
        match &self.kind {
            Kind::All => true,
            Kind::Group(g) => rule.group == *g,
            Kind::Prefix(p) => rule.code.starts_with(p.as_str()),
            Kind::Rule(code) => rule.code == *code,
        }
    }

    /// How specific it is: `ALL` < a group < a prefix (longer is more specific) < a rule.
    pub fn specificity(&self) -> usize {
        match &self.kind {
            Kind::All => 0,
            Kind::Group(_) => 1,
            Kind::Prefix(p) => 1 + p.len(),
            Kind::Rule(_) => usize::MAX,
        }
    }
}

impl RuleSet {
    /// Parse a selector against this registry: `ALL`, a rule's code or name, a group name or
    /// a code prefix that at least one rule has. Anything else is an error with a suggestion.
    pub fn selector(&self, text: &str) -> Result<Selector, Failure> {
        let trimmed = text.trim();
        let kind = if trimmed.eq_ignore_ascii_case("all") {
            Some(Kind::All)
        } else if let Some(rule) = self.get(trimmed) {
            Some(Kind::Rule(rule.code))
        } else if let Some(group) = Group::ALL.iter().find(|g| g.as_str().eq_ignore_ascii_case(trimmed)) {
            Some(Kind::Group(*group))
        } else {
            let upper = trimmed.to_ascii_uppercase();
            let is_prefix = !upper.is_empty()
                && upper.chars().all(|c| c.is_ascii_alphanumeric())
                && self.iter().any(|r| r.code.starts_with(upper.as_str()));
            is_prefix.then_some(Kind::Prefix(upper))
        };
        match kind {
            Some(kind) => Ok(Selector { text: trimmed.to_string(), kind }),
            None => {
                let prefixes: BTreeSet<&str> = self.iter().map(|r| &r.code[..3.min(r.code.len())]).collect();
                let candidates = self
                    .iter()
                    .flat_map(|r| [r.code, r.name])
                    .chain(Group::ALL.iter().map(|g| g.as_str()))
                    .chain(prefixes.iter().copied());
                let help = crate::did_you_mean_help(trimmed, candidates).unwrap_or_else(|| {
                    "a selector is a rule code (`WIZ131`), a rule name, a code prefix (`WIZ`, `WIZ1`), \
                     a group (`wizard`) or `ALL`; `aps-pack rules` lists them"
                        .to_string()
                });
                Err(Failure::new(format!("unknown rule selector `{trimmed}`")).with_help(help))
            }
        }
    }

    /// Parse every selector of a list, each entry possibly comma-separated (`WIZ,APS1`).
    pub fn selectors<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Result<Vec<Selector>, Failure> {
        texts
            .into_iter()
            .flat_map(|t| t.split(','))
            .filter(|t| !t.trim().is_empty())
            .map(|t| self.selector(t))
            .collect()
    }

    /// The rules a selector covers.
    pub fn matching<'a>(&'a self, selector: &'a Selector) -> impl Iterator<Item = &'static Rule> + 'a {
        self.iter().filter(move |r| selector.matches(r))
    }
}

/// One layer of selection settings (the configuration, or the command line).
#[derive(Debug, Clone, Default)]
pub struct SelectionLayer {
    /// Replaces the set carried over from earlier layers when present.
    pub select: Option<Vec<Selector>>,
    pub extend_select: Vec<Selector>,
    pub ignore: Vec<Selector>,
}

impl SelectionLayer {
    pub fn is_empty(&self) -> bool {
        self.select.is_none() && self.extend_select.is_empty() && self.ignore.is_empty()
    }

    /// The codes enabled after this layer, starting from `carried` (the codes enabled before it).
    pub fn apply(&self, rules: &RuleSet, carried: &BTreeSet<&'static str>) -> BTreeSet<&'static str> {
        let mut enabled = if self.select.is_some() { BTreeSet::new() } else { carried.clone() };
        let adding: Vec<&Selector> = self.select.iter().flatten().chain(&self.extend_select).collect();
        let mut levels: Vec<usize> = adding
            .iter()
            .map(|s| s.specificity())
            .chain(self.ignore.iter().map(Selector::specificity))
            .collect();
        levels.sort_unstable();
        levels.dedup();
        for level in levels {
            for s in adding.iter().filter(|s| s.specificity() == level) {
                enabled.extend(rules.matching(s).map(|r| r.code));
            }
            for s in self.ignore.iter().filter(|s| s.specificity() == level) {
                for r in rules.matching(s) {
                    enabled.remove(r.code);
                }
            }
        }
        enabled
    }
}

/// Every code of the registry: the default selection.
pub fn all_codes(rules: &RuleSet) -> BTreeSet<&'static str> {
    rules.iter().map(|r| r.code).collect()
}

#[cfg(test)]
#[path = "select_tests.rs"]
mod tests;
