use aps_diag::{
    declare_rule, did_you_mean_help, violation, Diagnostic, RuleSet, SourceFile, Span, Violation,
};
use std::sync::Arc;

declare_rule! {
    /// The `[rules]` table of `aps-pack.toml` names a rule that does not exist.
    ///
    /// Use a code (`WIZ101`) or a rule name (`duplicate-key`); `aps-pack rules` lists them.
    pub static CONFIG_UNKNOWN_RULE = { code: "CFG003", name: "config-unknown-rule", group: "config", severity: Error, summary: "unknown rule in aps-pack.toml" };
}

/// A `[rules]` key that is no rule's code or name in `rules`.
pub struct ConfigUnknownRule<'a> {
    pub key: &'a str,
    pub rules: &'a RuleSet,
}

violation! { ConfigUnknownRule<'_> => CONFIG_UNKNOWN_RULE,
    message: |v| format!("unknown rule `{}`", v.key),
    help?: |v| did_you_mean_help(v.key, v.rules.iter().flat_map(|r| [r.code, r.name]))
        .or_else(|| Some("`aps-pack rules` lists every rule".into())),
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
