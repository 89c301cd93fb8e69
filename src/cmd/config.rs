//! `aps-pack config [PATH]`: the settings in effect for a folder, each with the file
//! it comes from (the nearest aps-pack.toml, or one it extends).

use crate::config;
use crate::{CliError, Ctx};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConfigFormat {
    Toml,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder (or file) whose configuration to show. Default: the current folder.
    pub path: Option<PathBuf>,
    /// Configuration file (default: aps-pack.toml found from PATH upwards).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// `toml`: the settings as aps-pack.toml, each followed by the file it comes from;
    /// `json`: `{files, settings, origins}`.
    #[arg(long, value_enum, default_value_t = ConfigFormat::Toml)]
    pub format: ConfigFormat,
}

pub fn run(args: Args, ctx: &Ctx) -> Result<ExitCode, CliError> {
    let start = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    crate::output::expect_path(&start, crate::output::PathKind::Either, "a folder or a file")?;
    let (loaded, diags) = config::load(args.config.as_deref(), &start)?;
    let failed = diags.iter().any(|d| d.severity == aps_diag::Severity::Error);
    if !diags.is_empty() {
        let opts = aps_diag::HumanOptions { color: ctx.color, ..aps_diag::HumanOptions::default() };
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            aps_diag::render_human(&diags, &opts).as_bytes(),
        );
    }
    let files: Vec<String> = loaded.chain.iter().map(aps_diag::display_path).collect();
    let settings = serde_json::to_value(&loaded.config).unwrap_or_default();
    let text = match args.format {
        ConfigFormat::Json => {
            let doc = serde_json::json!({ "files": files, "settings": settings, "origins": loaded.origins });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        ConfigFormat::Toml => as_toml(&files, &settings, &loaded.origins),
    };
    crate::output::print_stdout(&text);
    Ok(ExitCode::from(if failed { 1 } else { 0 }))
}

/// The settings that are set, as TOML, each with `# from FILE`; defaults are left out.
fn as_toml(
    files: &[String],
    settings: &serde_json::Value,
    origins: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut out = String::new();
    match files.split_first() {
        None => out.push_str("# no aps-pack.toml found: every setting has its default\n"),
        Some((nearest, extended)) => {
            out.push_str(&format!("# {nearest}\n"));
            for file in extended {
                out.push_str(&format!("#   extends {file}\n"));
            }
        }
    }
    let Some(sections) = settings.as_object() else { return out };
    for (section, table) in sections {
        let Some(table) = table.as_object() else { continue };
        // What some file sets, even to the default (a package turning off an inherited
        // `deny-warnings = true` must show), and what differs from the default.
        let set: Vec<(&String, &serde_json::Value)> = table
            .iter()
            .filter(|(k, v)| {
                origins.contains_key(&format!("{section}.{k}"))
                    || !(v.is_null()
                        || v == &&serde_json::json!(false)
                        || v.as_array().is_some_and(Vec::is_empty)
                        || v.as_object().is_some_and(serde_json::Map::is_empty))
            })
            .collect();
        if set.is_empty() {
            continue;
        }
        out.push_str(&format!("\n[{section}]\n"));
        for (key, value) in set {
            let shown_key = if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                key.clone()
            } else {
                serde_json::Value::String(key.clone()).to_string()
            };
            match origins.get(&format!("{section}.{key}")) {
                Some(origin) => out.push_str(&format!("{shown_key} = {value}   # from {origin}\n")),
                None => out.push_str(&format!("{shown_key} = {value}\n")),
            }
        }
    }
    out
}
