//! Files generated from the code: `cargo xtask codegen` writes them,
//! `cargo xtask codegen --check` and the `codegen_is_fresh` test fail when a
//! committed copy is stale.

/// `(path relative to the repository root, content)` of every generated file.
pub fn generated_files() -> Vec<(&'static str, String)> {
    let mut schema = serde_json::to_string_pretty(&crate::config::schema_json()).unwrap_or_default();
    schema.push('\n');
    vec![("docs/rules.md", crate::registry().to_markdown()), ("schemas/aps-pack.toml.schema.json", schema)]
}
