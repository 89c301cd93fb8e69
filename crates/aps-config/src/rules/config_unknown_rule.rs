use aps_diag::{declare_rule, did_you_mean_help, Diagnostic, Rule, RuleSet, SourceFile, Span, Violation};
use std::sync::Arc;

declare_rule! {
    /// The `[rules]` table of `aps-pack.toml` names a rule that does not exist.
    ///
    /// Use a code (`WIZ101`) or a rule name (`duplicate-key`); `aps-pack rules` lists them.
    /// In `[lint.per-file-ignores]` a code prefix (`WIZ1`), a group (`wizard`) or `ALL` may
    /// also be given.
    pub static CONFIG_UNKNOWN_RULE = { code: "CFG003", name: "config-unknown-rule", group: "config", severity: Error, summary: "unknown rule in aps-pack.toml" };
}

/// A `[rules]` key that is no rule's code or name in `rules`.
pub struct ConfigUnknownRule<'a> {
    pub key: &'a str,
    pub rules: &'a RuleSet,
}

impl Violation for ConfigUnknownRule<'_> {
    fn rule(&self) -> &'static Rule {
        &CONFIG_UNKNOWN_RULE
    }
    fn message(&self) -> String {
        format!("unknown rule `{}`", self.key)
    }
    fn help(&self) -> Option<String> {
        did_you_mean_help(self.key, self.rules.iter().flat_map(|r| [r.code, r.name]))
            .or_else(|| Some("`aps-pack rules` lists every rule".into()))
    }
}

/// A rule selector (`[lint.per-file-ignores]`) that selects nothing: the selector's own
/// account of it (`aps_diag::Selector::parse`), with the nearest code, name or group.
pub struct ConfigUnknownSelector<'a> {
    pub failure: &'a aps_diag::Failure,
}

impl Violation for ConfigUnknownSelector<'_> {
    fn rule(&self) -> &'static Rule {
        &CONFIG_UNKNOWN_RULE
    }
    fn message(&self) -> String {
        self.failure.message.clone()
    }
    fn help(&self) -> Option<String> {
        self.failure.help.clone()
    }
}

/// Every key of `[rules]` against the registry `rules`.
pub(crate) fn check(
    file: &Arc<SourceFile>,
    doc: &toml_edit::Document<&str>,
    rules: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(table) = doc.as_table().get("rules").and_then(|i| i.as_table_like()) else { return };
    for (key, _) in table.iter().filter(|(key, _)| rules.get(key).is_none()) {
        let span = table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .map(|r| Span::new(r.start, r.end))
            .unwrap_or_default();
        diags.push(
            ConfigUnknownRule { key, rules }
                .diagnostic()
                .at(file, span)
                .with_label("no rule has this code or name"),
        );
    }
}

/// Every rule named in `[lint.per-file-ignores]` (a code, name, prefix, group or `ALL`).
pub(crate) fn check_per_file_ignores(
    file: &Arc<SourceFile>,
    doc: &toml_edit::Document<&str>,
    rules: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(table) = doc
        .as_table()
        .get("lint")
        .and_then(|l| l.as_table_like())
        .and_then(|l| l.get("per-file-ignores"))
        .and_then(|p| p.as_table_like())
    else {
        return;
    };
    for (_, value) in table.iter() {
        let Some(list) = value.as_array() else { continue };
        for item in list.iter() {
            let Some(text) = item.as_str() else { continue };
            if let Err(failure) = aps_diag::Selector::parse(rules, text) {
                let span = item.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default();
                let d = ConfigUnknownSelector { failure: &failure }
                    .diagnostic()
                    .at(file, span)
                    .with_label("no rule, prefix or group is called this");
                diags.push(d);
            }
        }
    }
}
