//! Rule selection, as ruff does it: `select` replaces the set of rules that run,
//! `extend-select` adds to it, `ignore` removes from it; a selector names a rule (by code
//! or name), a code prefix (`WIZ`, `WIZ1`), a group (`wizard`) or `ALL`. Within one layer
//! of settings the more specific selector wins (a code beats a prefix, a longer prefix a
//! shorter one, a prefix a group), and at equal specificity `ignore` wins; a later layer
//! (the command line after the configuration) starts from what the earlier one left, or
//! from nothing when it says `select` itself.

use crate::{Failure, Rule, RuleSet, Selector};
use std::collections::BTreeSet;

impl Selector {
    /// How specific it is: `ALL` < a group < a prefix (longer is more specific) < a rule.
    pub fn specificity(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Group(_) => 1,
            Selector::Prefix(p) => 1 + p.len(),
            Selector::Rule(_) => usize::MAX,
        }
    }
}

impl RuleSet {
    /// Parse a selector against this registry (see [`Selector::parse`]).
    pub fn selector(&self, text: &str) -> Result<Selector, Failure> {
        Selector::parse(self, text)
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
