use crate::{compiled_schema, TomlSpans};
use aps_diag::{did_you_mean_help, rule, Diagnostic, SourceFile, Violation};
use aps_json::schema::{unescape_token, ViolationKind};
use std::sync::Arc;

rule! { CONFIG_UNKNOWN_KEY;
    //! `aps-pack.toml` has a key aps-pack does not know.
    //!
    //! A misspelt key is silently ignored by most tools, so the setting you
    //! meant never applies. aps-pack names it and suggests the closest known key.
    //!
    //! ## Example
    //! ```toml
    //! [build]
    //! exlude = ["tests/**"]   # did you mean `exclude`?
    //! ```

    /// A key the schema does not know, in the table `table` (empty at the top level),
    /// with the keys allowed there.
    pub struct ConfigUnknownKey<'a> { pub table: &'a [String], pub key: &'a str, pub allowed: &'a [String] }
        => {
            let what = if table.is_empty() {
                "top-level key".to_string()
            } else {
                format!("key in [{}]", table.join("."))
            };
            format!("unknown {what} `{key}`")
        },
        help?: did_you_mean_help(key, allowed.iter().map(String::as_str))
            .or_else(|| Some(format!("known keys here: {}", allowed.join(", "))));
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
