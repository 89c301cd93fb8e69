//! `aps-pack.toml`: the one project configuration file.
//!
//! It is looked up from the folder a command works on, upwards to the
//! repository root (the first folder holding `.git`) or the filesystem root;
//! `--config FILE` names one explicitly. The nearest file wins; it inherits
//! another only when it says so (`extend = "../aps-pack.toml"`, as ruff does):
//! then each setting comes from the nearest file that sets it, and
//! `aps-pack config` shows which. The JSON Schema for editors
//! (`schemas/aps-pack.toml.schema.json`) is generated from these types by
//! `cargo xtask codegen`, and the unknown-key check runs that same schema through
//! the one JSON Schema path (`aps_json::schema`), so
//! the documentation, the editor support and the checker cannot disagree.

use aps_diag::{declare_rule, Diagnostic, SourceFile, Span};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

pub const FILE_NAME: &str = "aps-pack.toml";

/// Project configuration for aps-pack.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(title = "aps-pack.toml")]
#[schemars(deny_unknown_fields)]
pub struct Config {
    /// Another configuration file this one inherits from (relative to this file), e.g.
    /// `"../aps-pack.toml"` for a repository-wide policy. Settings here win over its settings;
    /// `[rules]` entries merge rule by rule.
    #[serde(skip_serializing)]
    pub extend: Option<String>,
    /// Where the APS package and its wizard data are.
    pub package: PackageConfig,
    /// Rule severities by rule code or name: `"error"`, `"warning"`, `"info"` or `"off"`.
    /// Command-line `--severity` flags win over these. Lowering an error-level rule is named
    /// on stderr, and with `verify --trust` or `--require-signature` signature and archive
    /// rules are not lowered.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Settings of `aps-pack lint`.
    pub lint: LintConfig,
    /// Settings of `aps-pack build`.
    pub build: BuildConfig,
    /// Where signing keys come from. Secrets are never stored here: only paths
    /// and the names of environment variables that hold them.
    pub sign: SignConfig,
    /// ZStack Cloud Application Market releases.
    pub zstack: ZstackConfig,
}

/// A rule level: the same spellings as `--severity` (`warn` is `warning`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    #[serde(alias = "warn")]
    Warning,
    Info,
    Off,
}

impl JsonSchema for RuleLevel {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleLevel".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Written out so that the schema accepts exactly what the loader accepts, alias included.
        schemars::json_schema!({
            "description": "A rule level (`warn` is accepted for `warning`, as on the command line).",
            "type": "string",
            "enum": ["error", "warning", "warn", "info", "off"]
        })
    }
}

impl RuleLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Error => "error",
            RuleLevel::Warning => "warning",
            RuleLevel::Info => "info",
            RuleLevel::Off => "off",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct PackageConfig {
    /// The package folder (holding APP-META.xml), relative to this file. Default: this file's folder.
    pub root: Option<String>,
    /// The wizard data file, relative to the package folder. Default: `scripts/wizard_data.json`.
    pub wizard: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct LintConfig {
    /// Exit with 1 on warnings too (as `--deny-warnings`).
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct BuildConfig {
    /// Globs (relative to the package folder) of files to package even if a default exclusion matches.
    pub include: Vec<String>,
    /// Globs (relative to the package folder) of files to leave out, on top of the default exclusions.
    pub exclude: Vec<String>,
    /// Folder for built archives, relative to this file. Default: the current folder.
    pub out_dir: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct SignConfig {
    /// PKCS#12 file with the signing key and certificate.
    pub pfx: Option<String>,
    /// Name of the environment variable holding the path of the PKCS#12 file (wins over `pfx`).
    pub pfx_env: Option<String>,
    /// Name of the environment variable holding the PKCS#12 password. Default: `APS_PACK_PFX_PASSWORD`.
    pub password_env: Option<String>,
    /// File holding the PKCS#12 password (first line).
    pub password_file: Option<String>,
    /// PEM private key (PKCS#8 or PKCS#1), used with `cert`.
    pub key: Option<String>,
    /// Name of the environment variable holding the path of the PEM private key (wins over `key`).
    pub key_env: Option<String>,
    /// PEM signer certificate.
    pub cert: Option<String>,
    /// PEM file with intermediate certificates to embed.
    pub chain: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct ZstackConfig {
    /// Application id (`appId`) the version folders are published under.
    pub app_id: Option<String>,
    /// Architectures built by default (`x86_64`, `aarch64`).
    pub arch: Vec<String>,
    /// Versions to package by default.
    pub versions: Vec<String>,
    /// Marketplace repository to publish into: a (CDN) folder, relative to this file, or
    /// S3-compatible object storage as `s3://BUCKET/PREFIX`.
    pub repo: Option<String>,
    /// Default VM image (qcow2) shipped with each version.
    pub image: Option<String>,
}

declare_rule! {
    /// `aps-pack.toml` is not valid TOML, or a value has the wrong type.
    ///
    /// The message says what was expected where. Nothing is built or linted
    /// with a configuration that could not be read, since every setting in it
    /// might matter.
    pub static CONFIG_INVALID = { code: "CFG001", name: "config-invalid", group: "config", severity: Error, summary: "aps-pack.toml cannot be read" };
}

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

declare_rule! {
    /// The `[rules]` table of `aps-pack.toml` names a rule that does not exist.
    ///
    /// Use a code (`WIZ101`) or a rule name (`duplicate-key`); `aps-pack rules` lists them.
    pub static CONFIG_UNKNOWN_RULE = { code: "CFG003", name: "config-unknown-rule", group: "config", severity: Error, summary: "unknown rule in aps-pack.toml" };
}

pub mod rules {
    pub static ALL: &[&aps_diag::Rule] =
        &[&super::CONFIG_INVALID, &super::CONFIG_UNKNOWN_KEY, &super::CONFIG_UNKNOWN_RULE];
}

/// Severity settings of the configuration, as `(rule, level, file)`: the file is
/// named when a setting lowers an error.
#[derive(Debug, Clone, Default)]
pub struct RuleLevels {
    pub levels: Vec<(String, String, String)>,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    /// The nearest file, if one was found.
    pub path: Option<PathBuf>,
    pub file: Option<Arc<SourceFile>>,
    /// Every file read: the nearest first, then the ones it extends.
    pub chain: Vec<PathBuf>,
    /// `section.key` (`lint.deny-warnings`, `rules.APS110`) → the file (as shown) it came from.
    pub origins: BTreeMap<String, String>,
}

impl Loaded {
    /// The folder relative paths in the file are resolved against.
    pub fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// The `[rules]` settings, for `DiagArgs::overrides`.
    pub fn rule_levels(&self) -> RuleLevels {
        let nearest = self.file.as_ref().map_or_else(|| FILE_NAME.to_string(), |f| f.path().to_string());
        RuleLevels {
            levels: self
                .config
                .rules
                .iter()
                .map(|(k, v)| {
                    let from =
                        self.origins.get(&format!("rules.{k}")).cloned().unwrap_or_else(|| nearest.clone());
                    (k.clone(), v.as_str().to_string(), from)
                })
                .collect(),
        }
    }

    /// A path from the config resolved against the config's folder.
    pub fn resolve(&self, rel: &str) -> PathBuf {
        match self.base_dir() {
            Some(base) => base.join(rel),
            None => PathBuf::from(rel),
        }
    }
}

/// Find `aps-pack.toml` from `start` (a file or folder) upwards.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() { start.to_path_buf() } else { start.parent()?.to_path_buf() };
    let start = if start.as_os_str().is_empty() { PathBuf::from(".") } else { start };
    let mut dir = std::fs::canonicalize(&start).ok()?;
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() || !dir.pop() {
            return None;
        }
    }
}

/// Load `explicit` or the file found from `start`; a missing file gives the defaults.
/// Problems come back as diagnostics (the defaults are used for what could not be read).
pub fn load(explicit: Option<&Path>, start: &Path) -> Result<(Loaded, Vec<Diagnostic>), std::io::Error> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => find(start),
    };
    let Some(path) = path else {
        return Ok((Loaded::default(), Vec::new()));
    };
    if !path.is_file() {
        return Err(std::io::Error::other(format!(
            "{}: not a regular file (a configuration file was expected)",
            path.display()
        )));
    }
    let mut diags = Vec::new();
    let mut chain = Vec::new();
    let (doc, origins, file) = read_chain(&path, &mut chain, &mut diags)?;
    // Each file's values were checked against its own text; the merged document only
    // combines values that passed.
    let config = toml_edit::de::from_str::<Config>(&doc.to_string()).unwrap_or_default();
    Ok((Loaded { config, path: Some(path), file: Some(file), chain, origins }, diags))
}

/// How many files an `extend` chain may hold: more is surely a loop through links.
const MAX_EXTEND_DEPTH: usize = 8;

/// Settings that are paths relative to the file that sets them (so an inherited one
/// stays relative to the file it was written in).
const PATH_SETTINGS: &[(&str, &str)] = &[
    ("package", "root"),
    ("build", "out-dir"),
    ("sign", "pfx"),
    ("sign", "password-file"),
    ("sign", "key"),
    ("sign", "cert"),
    ("sign", "chain"),
    ("zstack", "image"),
    ("zstack", "repo"),
];

type Merged = (toml_edit::DocumentMut, BTreeMap<String, String>, Arc<SourceFile>);

/// Read `path` and the files it extends, merged (nearest wins), with each setting's origin.
fn read_chain(
    path: &Path,
    chain: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Merged, std::io::Error> {
    chain.push(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
    let display = display_path(path);
    let bytes = match aps_json::read_limited(path, &display) {
        Ok(bytes) => bytes,
        Err(d) if d.code() == aps_json::rules::TOO_LARGE.code => {
            diags.push(d);
            Vec::new()
        }
        Err(d) => {
            return Err(std::io::Error::other(format!("cannot read {}: {}", path.display(), d.message)))
        }
    };
    let (file, mut found) = aps_json::load_source(&display, bytes);
    let _ = parse(&file, &mut found);
    diags.append(&mut found);
    let mut doc = file.text().parse::<toml_edit::DocumentMut>().unwrap_or_default();
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();

    let extend = doc.get("extend").and_then(|i| i.as_value()).and_then(|v| {
        let span = v.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default();
        v.as_str().map(|s| (s.to_string(), span))
    });
    doc.remove("extend");
    let mut origins = BTreeMap::new();
    for (section, item) in doc.iter() {
        if let Some(table) = item.as_table_like() {
            for (key, _) in table.iter() {
                origins.insert(format!("{section}.{key}"), display.clone());
            }
        }
    }
    let Some((target, span)) = extend else {
        return Ok((doc, origins, file));
    };
    let parent_path = base.join(&target);
    let canonical = std::fs::canonicalize(&parent_path).ok();
    let problem = if canonical.is_none() {
        Some(format!("`extend` names {}, which does not exist", parent_path.display()))
    } else if !parent_path.is_file() {
        // A folder, a pipe or a device: reading it would fail or never end.
        Some(format!("`extend` names {}, which is not a regular file", parent_path.display()))
    } else if canonical.as_ref().is_some_and(|c| chain.contains(c)) {
        Some(format!("`extend` of {display} leads back to a file already read: a loop"))
    } else if chain.len() >= MAX_EXTEND_DEPTH {
        Some(format!("more than {MAX_EXTEND_DEPTH} files extend one another"))
    } else {
        None
    };
    if let Some(message) = problem {
        diags.push(
            Diagnostic::new(&CONFIG_INVALID, message)
                .at(&file, span)
                .with_label("inherited configuration expected here")
                .with_help("give the path of another aps-pack.toml, relative to this file"),
        );
        return Ok((doc, origins, file));
    }
    let (mut merged, mut parent_origins, _) = read_chain(&parent_path, chain, diags)?;
    // Inherited paths stay relative to the file they were written in.
    let parent_base = parent_path.parent().map(Path::to_path_buf).unwrap_or_default();
    for (section, key) in PATH_SETTINGS {
        if let Some(value) = merged.get_mut(section).and_then(|t| t.get_mut(key)) {
            if let Some(rel) = value.as_str() {
                let absolute = std::fs::canonicalize(&parent_base)
                    .unwrap_or_else(|_| parent_base.clone())
                    .join(rel)
                    .to_string_lossy()
                    .into_owned();
                *value = toml_edit::value(absolute);
            }
        }
    }
    for (section, item) in doc.iter() {
        match (item.as_table_like(), merged.get_mut(section).and_then(|i| i.as_table_like_mut())) {
            (Some(mine), Some(theirs)) => {
                for (key, value) in mine.iter() {
                    if section == "rules" {
                        // A rule may be named by code or by name: the nearer file's setting
                        // replaces the inherited one, however either spells it.
                        let code = crate::registry().get(key).map(|r| r.code);
                        let same: Vec<String> = theirs
                            .iter()
                            .map(|(k, _)| k.to_string())
                            .filter(|k| {
                                k != key && code.is_some() && crate::registry().get(k).map(|r| r.code) == code
                            })
                            .collect();
                        for k in same {
                            theirs.remove(&k);
                            parent_origins.remove(&format!("rules.{k}"));
                        }
                    }
                    theirs.insert(key, value.clone());
                }
            }
            _ => {
                merged.insert(section, item.clone());
            }
        }
    }
    parent_origins.extend(origins);
    Ok((merged, parent_origins, file))
}

/// Show paths under the current folder relative to it, like the user typed them.
fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|cwd| {
            std::fs::canonicalize(path).ok().and_then(|p| p.strip_prefix(cwd).ok().map(Path::to_path_buf))
        })
        .unwrap_or_else(|| path.to_path_buf());
    aps_diag::display_path(&shown)
}

/// Parse the text of a config file, reporting syntax errors, unknown keys and bad values.
pub fn parse(file: &Arc<SourceFile>, diags: &mut Vec<Diagnostic>) -> Config {
    let doc = match toml_edit::Document::parse(file.text()) {
        Ok(doc) => doc,
        Err(err) => {
            let span = err.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default();
            diags.push(
                Diagnostic::new(&CONFIG_INVALID, format!("invalid TOML: {}", err.message().trim_end()))
                    .at(file, span)
                    .with_label("here"),
            );
            return Config::default();
        }
    };
    check_keys(file, &doc, diags);
    check_rules(file, &doc, diags);
    match toml_edit::de::from_str::<Config>(file.text()) {
        Ok(config) => config,
        Err(err) => {
            let span = err.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default();
            diags.push(
                Diagnostic::new(&CONFIG_INVALID, err.message().trim_end().to_string())
                    .at(file, span)
                    .with_label("invalid value"),
            );
            Config::default()
        }
    }
}

/// The JSON Schema of the configuration (what `schemas/aps-pack.toml.schema.json` holds).
pub fn schema_json() -> serde_json::Value {
    let schema = schemars::schema_for!(Config);
    serde_json::to_value(&schema).unwrap_or_default()
}

/// The configuration schema, compiled once (a test compiles it).
fn compiled_schema() -> &'static aps_json::schema::Schema {
    static SCHEMA: OnceLock<aps_json::schema::Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        aps_json::schema::Schema::from_value(schema_json())
            .unwrap_or_else(|e| panic!("the generated aps-pack.toml schema does not compile: {e}"))
    })
}

/// A TOML document as seen by the JSON Schema path: JSON pointers to spans.
struct TomlSpans<'a>(&'a toml_edit::Item);

impl TomlSpans<'_> {
    fn item(&self, pointer: &str) -> Option<&toml_edit::Item> {
        let mut cur = self.0;
        for raw in pointer.split('/').skip(1) {
            let token = aps_json::schema::unescape_token(raw);
            // Only tables hold keys; array items are never needed to place a key.
            cur = cur.as_table_like()?.get(&token)?;
        }
        Some(cur)
    }
}

impl aps_json::schema::Locate for TomlSpans<'_> {
    fn value_span(&self, pointer: &str) -> Option<Span> {
        self.item(pointer)?.span().map(|r| Span::new(r.start, r.end))
    }

    fn key_span(&self, pointer: &str) -> Option<Span> {
        let (parent, last) = pointer.rsplit_once('/')?;
        let table = self.item(parent)?.as_table_like()?;
        let (key, _) = table.get_key_value(&aps_json::schema::unescape_token(last))?;
        key.span().map(|r| Span::new(r.start, r.end))
    }
}

/// Keys the schema does not know (values are checked by the loader, whose
/// messages name the expected type).
fn check_keys(file: &Arc<SourceFile>, doc: &toml_edit::Document<&str>, diags: &mut Vec<Diagnostic>) {
    let Ok(instance) = toml_edit::de::from_str::<serde_json::Value>(file.text()) else { return };
    for violation in compiled_schema().validate(&instance, &TomlSpans(doc.as_item())) {
        let aps_json::schema::ViolationKind::Unknown { key, key_span, allowed } = violation.kind else {
            continue;
        };
        let prefix: Vec<String> =
            violation.pointer.split('/').skip(1).map(aps_json::schema::unescape_token).collect();
        let what = if prefix.is_empty() {
            "top-level key".to_string()
        } else {
            format!("key in [{}]", prefix.join("."))
        };
        diags.push(
            Diagnostic::new(&CONFIG_UNKNOWN_KEY, format!("unknown {what} `{key}`"))
                .at(file, key_span.unwrap_or_default())
                .with_label("not a known setting")
                .with_help_opt(
                    aps_diag::did_you_mean_help(&key, allowed.iter().map(String::as_str))
                        .or_else(|| Some(format!("known keys here: {}", allowed.join(", ")))),
                ),
        );
    }
}

fn check_rules(file: &Arc<SourceFile>, doc: &toml_edit::Document<&str>, diags: &mut Vec<Diagnostic>) {
    let Some(rules_table) = doc.as_table().get("rules").and_then(|i| i.as_table_like()) else { return };
    let registry = crate::registry();
    for (key, _) in rules_table.iter() {
        if registry.get(key).is_some() {
            continue;
        }
        let span = rules_table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .map(|r| Span::new(r.start, r.end))
            .unwrap_or_default();
        diags.push(
            Diagnostic::new(&CONFIG_UNKNOWN_RULE, format!("unknown rule `{key}`"))
                .at(file, span)
                .with_label("no rule has this code or name")
                .with_help_opt(
                    aps_diag::did_you_mean_help(key, registry.iter().flat_map(|r| [r.code, r.name]))
                        .or_else(|| Some("`aps-pack rules` lists every rule".into())),
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Config, Vec<Diagnostic>) {
        let file = SourceFile::new("aps-pack.toml", text);
        let mut diags = Vec::new();
        let c = parse(&file, &mut diags);
        (c, diags)
    }

    #[test]
    fn the_generated_schema_compiles() {
        assert!(compiled_schema().raw().get("properties").is_some());
    }

    #[test]
    fn reads_every_section() {
        let (c, d) = parse_str(
            "[package]\nwizard = \"scripts/w.json\"\n[rules]\nJSN002 = \"warning\"\n[build]\nexclude = [\"tests/**\"]\n\
             [sign]\npassword-env = \"PW\"\n[zstack]\napp-id = \"a.b\"\narch = [\"x86_64\"]\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.package.wizard.as_deref(), Some("scripts/w.json"));
        assert_eq!(c.rules.get("JSN002"), Some(&RuleLevel::Warning));
        assert_eq!(c.build.exclude, vec!["tests/**".to_string()]);
        assert_eq!(c.sign.password_env.as_deref(), Some("PW"));
        assert_eq!(c.zstack.app_id.as_deref(), Some("a.b"));
    }

    #[test]
    fn unknown_keys_get_suggestions() {
        let (_, d) = parse_str("[build]\nexlude = []\n[sgin]\n");
        let msgs: Vec<_> = d.iter().map(|d| (d.code(), d.message.clone(), d.help.clone())).collect();
        assert_eq!(msgs[0].0, "CFG002");
        assert_eq!(msgs[0].2.as_deref(), Some("did you mean `exclude`?"));
        assert_eq!(msgs[1].2.as_deref(), Some("did you mean `sign`?"));
    }

    #[test]
    fn bad_values_and_rules_are_reported() {
        let (_, d) = parse_str("[rules]\nJSN02 = \"warning\"\n");
        assert_eq!(d[0].code(), "CFG003");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `JSN002`?"));
        let (_, d) = parse_str("[rules]\nJSN002 = \"loud\"\n");
        assert_eq!(d[0].code(), "CFG001");
        let (_, d) = parse_str("[build\n");
        assert_eq!(d[0].code(), "CFG001");
        assert!(d[0].line_col().is_some());
    }
}
