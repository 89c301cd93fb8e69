use crate::{compiled_schema, TomlSpans};
use aps_diag::{declare_rule, did_you_mean_help, violation, Diagnostic, SourceFile, Violation};
use aps_json::schema::{unescape_token, ViolationKind};
use std::sync::Arc;

declare_rule! {
    /// `aps-pack.toml` has a key aps-pack does not know.
    ///
    /// A misspelt key is silently ignored by most tools, so the setting you
    /// meant never applies. aps-pack names it and suggests the closest known key.
    ///
    /// ## Example
    /// ```toml
    /// [build]
    /// exlude = ["tests/**"]   # did you mean `exclude`?
    /// ```
    pub static CONFIG_UNKNOWN_KEY = { code: "CFG002", name: "config-unknown-key", group: "config", severity: Warning, summary: "unknown key in aps-pack.toml" };
}

/// A key the schema does not know, in the table `table` (empty at the top level),
/// with the keys allowed there.
pub struct ConfigUnknownKey<'a> {
    pub table: &'a [String],
    pub key: &'a str,
    pub allowed: &'a [String],
}

violation! { ConfigUnknownKey<'_> => CONFIG_UNKNOWN_KEY,
    message: |v| {
        let what = if v.table.is_empty() {
            "top-level key".to_string()
        } else {
            format!("key in [{}]", v.table.join("."))
        };
        format!("unknown {what} `{}`", v.key)
    },
    help?: |v| did_you_mean_help(v.key, v.allowed.iter().map(String::as_str))
        .or_else(|| Some(format!("known keys here: {}", v.allowed.join(", ")))),
}

/// Keys the configuration's schema does not know (values are checked by the loader,
/// whose messages name the expected type).
pub(crate) fn check(file: &Arc<SourceFile>, doc: &toml_edit::Document<&str>, diags: &mut Vec<Diagnostic>) {
    let Ok(instance) = toml_edit::de::from_str::<serde_json::Value>(file.text()) else { return };
    for violation in compiled_schema().validate(&instance, &TomlSpans(doc.as_item())) {
        let ViolationKind::Unknown { key, key_span, allowed } = violation.kind else {
            continue;
        };
        let table: Vec<String> = violation.pointer.split('/').skip(1).map(unescape_token).collect();
        let near = aps_diag::did_you_mean(&key, allowed.iter().map(String::as_str));
        let fix = key_span.and_then(|span| aps_diag::Fix::rename_opt(file, span, near));
        diags.push(
            ConfigUnknownKey { table: &table, key: &key, allowed: &allowed }
                .diagnostic()
                .at(file, key_span.unwrap_or_default())
                .with_label("not a known setting")
                .with_fix_opt(fix),
        );
    }
}
