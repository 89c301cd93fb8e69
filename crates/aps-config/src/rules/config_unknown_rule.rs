use aps_diag::{did_you_mean_help, rule, Diagnostic, RuleSet, SourceFile, Span, Violation};
use std::sync::Arc;

rule! { CONFIG_UNKNOWN_RULE;
    //! The `[rules]` table of `aps-pack.toml`, a `[lint]` selection (`select`,
    //! `extend-select`, `ignore`) or `[lint.per-file-ignores]` names a rule that does not exist.
    //!
    //! ## Why
    //! A misspelt rule would silently change nothing: the rule the author meant keeps its
    //! severity, stays selected or keeps reporting.
    //!
    //! ## Fix
    //! In `[rules]`, use a code (`WIZ101`) or a rule name (`duplicate-key`); a selection and
    //! `[lint.per-file-ignores]` also accept a code prefix (`WIZ`, `WIZ1`), a group (`wizard`)
    //! or `ALL`. `aps-pack rules` lists them.

    /// A `[rules]` key that is no rule's code or name in `rules`.
    pub struct ConfigUnknownRule<'a> { pub key: &'a str, pub rules: &'a RuleSet }
        => format!("unknown rule `{key}`"),
        help?: did_you_mean_help(key, rules.iter().flat_map(|r| [r.code, r.name]))
            .or_else(|| Some("`aps-pack rules` lists every rule".into()));

    /// A rule selector (`[lint.per-file-ignores]`) that selects nothing: the selector's own
    /// account of it (`aps_diag::Selector::parse`), with the nearest code, name or group.
    pub struct ConfigUnknownSelector<'a> { pub failure: &'a aps_diag::Failure } => failure.message.clone(),
        help?: failure.help.clone();
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

/// Every selector of `[lint] select`, `extend-select` and `ignore` against the registry `rules`.
pub(crate) fn check_selection(
    file: &Arc<SourceFile>,
    doc: &toml_edit::Document<&str>,
    rules: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(lint) = doc.as_table().get("lint").and_then(|i| i.as_table_like()) else { return };
    for key in ["select", "extend-select", "ignore"] {
        let Some(array) = lint.get(key).and_then(|i| i.as_array()) else { continue };
        for value in array.iter() {
            let Some(text) = value.as_str() else { continue };
            let parts: Vec<&str> = text.split(',').filter(|p| !p.trim().is_empty()).collect();
            let empty = parts.is_empty().then(|| aps_diag::Failure {
                message: "an empty selector names no rule".into(),
                help: Some("name a code, name, prefix or group (`\"WIZ1\"`), or remove it".into()),
            });
            let failures = parts.iter().filter_map(|part| aps_diag::Selector::parse(rules, part).err());
            for failure in empty.into_iter().chain(failures) {
                let span = value.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default();
                diags.push(
                    ConfigUnknownSelector { failure: &failure }
                        .diagnostic()
                        .at(file, span)
                        .with_label("no rule, prefix or group is called this"),
                );
            }
        }
    }
}
