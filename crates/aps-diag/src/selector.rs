//! Naming a set of rules: by code (`WIZ110`), name (`duplicate-key`), code prefix (`WIZ`,
//! `WIZ1`), group (`wizard`) or `ALL`, as ruff selects rules. Used wherever a user lists rules
//! to leave out of some files (per-file ignores, inline suppressions).

use crate::{Failure, Group, Rule, RuleSet};

/// One parsed selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// One rule, by code or name (kept as its code).
    Rule(&'static str),
    /// Every code starting with this (upper case).
    Prefix(String),
    Group(Group),
    All,
}

impl Selector {
    /// Read `text` against the registry: a code or name first, then a group, then a prefix
    /// of some code. Unknown text fails with the nearest code, name or group suggested.
    pub fn parse(rules: &RuleSet, text: &str) -> Result<Selector, Failure> {
        let text = text.trim();
        if let Some(rule) = rules.get(text) {
            return Ok(Selector::Rule(rule.code));
        }
        if text.eq_ignore_ascii_case("all") {
            return Ok(Selector::All);
        }
        if let Some(group) = Group::ALL.iter().find(|g| g.as_str().eq_ignore_ascii_case(text)) {
            return Ok(Selector::Group(*group));
        }
        let upper = text.to_ascii_uppercase();
        let looks_like_prefix = !upper.is_empty() && upper.bytes().all(|b| b.is_ascii_alphanumeric());
        if looks_like_prefix && rules.iter().any(|r| r.code.starts_with(&upper)) {
            return Ok(Selector::Prefix(upper));
        }
        let groups = Group::ALL.iter().map(|g| g.as_str());
        // Code families (`WIZ`) too: `WIZZ` is a slip for one.
        let families: std::collections::BTreeSet<&str> =
            rules.iter().filter_map(|r| r.code.get(..3)).collect();
        let candidates = rules.iter().flat_map(|r| [r.code, r.name]).chain(groups).chain(families);
        let help = crate::did_you_mean_help(text, candidates).unwrap_or_else(|| {
            "name a rule by code (`WIZ110`) or name (`duplicate-key`), a code prefix (`WIZ1`), \
             a group (`wizard`) or `ALL`; `aps-pack rules` lists them"
                .into()
        });
        Err(Failure::new(format!("unknown rule, prefix or group `{text}`")).with_help(help))
    }

    /// Does this selector take in `rule`?
    pub fn matches(&self, rule: &Rule) -> bool {
        match self {
            Selector::Rule(code) => rule.code == *code,
            Selector::Prefix(prefix) => rule.code.starts_with(prefix.as_str()),
            Selector::Group(group) => rule.group == *group,
            Selector::All => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    pub static ONE: Rule =
        Rule::new("WIZ110", "unknown-thing", Group::Wizard, Severity::Error, "x", " A test rule.\n");
    pub static TWO: Rule =
        Rule::new("APS105", "other-thing", Group::Package, Severity::Warning, "y", " Another.\n");

    fn set() -> RuleSet {
        let mut s = RuleSet::new();
        s.extend(&[&ONE, &TWO]);
        s
    }

    #[test]
    fn every_form_selects() {
        let s = set();
        assert_eq!(Selector::parse(&s, "WIZ110"), Ok(Selector::Rule("WIZ110")));
        assert_eq!(Selector::parse(&s, "wiz110"), Ok(Selector::Rule("WIZ110")));
        assert_eq!(Selector::parse(&s, "other-thing"), Ok(Selector::Rule("APS105")));
        assert_eq!(Selector::parse(&s, "WIZ1"), Ok(Selector::Prefix("WIZ1".into())));
        assert_eq!(Selector::parse(&s, "package"), Ok(Selector::Group(Group::Package)));
        assert_eq!(Selector::parse(&s, "ALL"), Ok(Selector::All));
        assert!(Selector::parse(&s, "WIZ").is_ok_and(|sel| sel.matches(&ONE) && !sel.matches(&TWO)));
        assert!(Selector::parse(&s, "package").is_ok_and(|sel| sel.matches(&TWO) && !sel.matches(&ONE)));
    }

    #[test]
    fn unknown_selectors_suggest() {
        let err = Selector::parse(&set(), "WIZ111").err();
        assert_eq!(err.as_ref().map(|e| e.message.as_str()), Some("unknown rule, prefix or group `WIZ111`"));
        assert_eq!(err.and_then(|e| e.help), Some("did you mean `WIZ110`?".into()));
        let err = Selector::parse(&set(), "wizzard").err();
        assert_eq!(err.and_then(|e| e.help), Some("did you mean `wizard`?".into()));
    }
}
