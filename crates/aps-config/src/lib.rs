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
//!
//! Which rule codes exist is the caller's to say (`&RuleSet`): `[rules]` keys are checked
//! against it, and an inherited setting is replaced by a nearer one however either names
//! the rule.

pub mod rules;

use aps_diag::{Diagnostic, RuleSet, SourceFile, Span, Violation};
use aps_json::schema::SerdeJson;
use rules::ConfigInvalid;
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
    /// The rules that run, replacing the default (every rule): codes (`WIZ131`), names
    /// (`missing-template-entry`), code prefixes (`WIZ`, `WIZ1`), groups (`wizard`) or `ALL`.
    /// Applies to every command that reports findings; `--select` on the command line wins.
    pub select: Option<Vec<String>>,
    /// Rules to run on top of `select` (or of the default), named as in `select`.
    pub extend_select: Vec<String>,
    /// Rules not to run, named as in `select`. The more specific of `select` and `ignore`
    /// wins (`select = ["WIZ131"]` beats `ignore = ["WIZ"]`). Turning off an error-level rule
    /// is named on stderr, and with `verify --trust` or `--require-signature` signature and
    /// archive rules stay on.
    pub ignore: Vec<String>,
    /// Rules left out of some files: a glob → the rules it ignores, each a code (`APS105`),
    /// a name (`duplicate-key`), a code prefix (`WIZ1`), a group (`wizard`) or `ALL`. A glob
    /// with a `/` is relative to this file's folder (`"schemas/legacy-*.schema"`,
    /// `"**/*.schema"`); one without matches a file name anywhere (`"APP-META.xml"`).
    /// Ignoring an error-level finding this way is named on stderr.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// A baseline written by `lint --write-baseline` (relative to this file): findings it
    /// holds are not reported, as with `lint --baseline FILE`.
    pub baseline: Option<String>,
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

/// Severity settings of the configuration, as `(rule, level, file)`: the file is
/// named when a setting lowers an error.
#[derive(Debug, Clone, Default)]
pub struct RuleLevels {
    /// `(rule, level, file)` of each `[rules]` entry.
    pub levels: Vec<(String, String, String)>,
    /// `[lint] select`, `extend-select` and `ignore`, each with the file it comes from.
    pub selection: ConfigSelection,
}

/// The rule selection of the configuration, as written (selectors are checked against the
/// registry by the caller, which reports unknown ones as `CFG003`).
#[derive(Debug, Clone, Default)]
pub struct ConfigSelection {
    pub select: Option<(Vec<String>, String)>,
    pub extend_select: (Vec<String>, String),
    pub ignore: (Vec<String>, String),
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
        let origin = |key: &str| self.origins.get(key).cloned().unwrap_or_else(|| nearest.clone());
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
            selection: ConfigSelection {
                select: self.config.lint.select.clone().map(|s| (s, origin("lint.select"))),
                extend_select: (self.config.lint.extend_select.clone(), origin("lint.extend-select")),
                ignore: (self.config.lint.ignore.clone(), origin("lint.ignore")),
            },
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
pub fn load(
    explicit: Option<&Path>,
    start: &Path,
    rules: &RuleSet,
) -> Result<(Loaded, Vec<Diagnostic>), std::io::Error> {
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
    let (doc, origins, file) = read_chain(&path, rules, &mut chain, &mut diags)?;
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
    ("lint", "baseline"),
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
    rules: &RuleSet,
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
    let _ = parse(&file, rules, &mut found);
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
        Some(ConfigInvalid::ExtendMissing { path: &parent_path })
    } else if !parent_path.is_file() {
        // A folder, a pipe or a device: reading it would fail or never end.
        Some(ConfigInvalid::ExtendNotFile { path: &parent_path })
    } else if canonical.as_ref().is_some_and(|c| chain.contains(c)) {
        Some(ConfigInvalid::ExtendLoop { file: &display })
    } else if chain.len() >= MAX_EXTEND_DEPTH {
        Some(ConfigInvalid::ExtendTooDeep { max: MAX_EXTEND_DEPTH })
    } else {
        None
    };
    if let Some(v) = problem {
        diags.push(v.diagnostic().at(&file, span).with_label("inherited configuration expected here"));
        return Ok((doc, origins, file));
    }
    let (mut merged, mut parent_origins, _) = read_chain(&parent_path, rules, chain, diags)?;
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
    rebase_per_file_ignores(&mut merged, &parent_base);
    for (section, item) in doc.iter() {
        match (item.as_table_like(), merged.get_mut(section).and_then(|i| i.as_table_like_mut())) {
            (Some(mine), Some(theirs)) => {
                for (key, value) in mine.iter() {
                    if section == "rules" {
                        // A rule may be named by code or by name: the nearer file's setting
                        // replaces the inherited one, however either spells it.
                        let code = rules.get(key).map(|r| r.code);
                        let same: Vec<String> = theirs
                            .iter()
                            .map(|(k, _)| k.to_string())
                            .filter(|k| k != key && code.is_some() && rules.get(k).map(|r| r.code) == code)
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

/// Inherited `[lint.per-file-ignores]` globs with a `/` stay relative to the file that wrote
/// them: they are made absolute against its folder (file-name globs match anywhere).
fn rebase_per_file_ignores(merged: &mut toml_edit::DocumentMut, parent_base: &Path) {
    let Some(table) = merged
        .get_mut("lint")
        .and_then(|l| l.as_table_like_mut())
        .and_then(|l| l.get_mut("per-file-ignores"))
        .and_then(|p| p.as_table_like_mut())
    else {
        return;
    };
    let base = std::fs::canonicalize(parent_base).unwrap_or_else(|_| parent_base.to_path_buf());
    let relative: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| k.contains('/') && !Path::new(k).is_absolute())
        .collect();
    for key in relative {
        if let Some(value) = table.remove(&key) {
            let absolute = aps_diag::display_path(&base.join(&key));
            table.insert(&absolute, value);
        }
    }
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
pub fn parse(file: &Arc<SourceFile>, rules: &RuleSet, diags: &mut Vec<Diagnostic>) -> Config {
    let doc = match toml_edit::Document::parse(file.text()) {
        Ok(doc) => doc,
        Err(err) => {
            let span = err.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default();
            let message = err.message().trim_end();
            diags.push(ConfigInvalid::Toml { message }.diagnostic().at(file, span).with_label("here"));
            return Config::default();
        }
    };
    rules::config_unknown_key::check(file, &doc, diags);
    rules::config_unknown_rule::check(file, &doc, rules, diags);
    rules::config_unknown_rule::check_selection(file, &doc, rules, diags);
    rules::config_unknown_rule::check_per_file_ignores(file, &doc, rules, diags);
    match toml_edit::de::from_str::<Config>(file.text()) {
        Ok(config) => config,
        Err(err) => {
            let span = err.span().map(|r| Span::new(r.start, r.end)).unwrap_or_default();
            let message = err.message().trim_end();
            diags.push(
                ConfigInvalid::Value { message }.diagnostic().at(file, span).with_label("invalid value"),
            );
            Config::default()
        }
    }
}

/// Where the key at `path` (table names, then the key) is written in the configuration
/// file `file`, for messages about its value.
pub fn key_span(file: &SourceFile, path: &[&str]) -> Option<Span> {
    let doc = toml_edit::Document::parse(file.text()).ok()?;
    let (last, tables) = path.split_last()?;
    let mut table: &dyn toml_edit::TableLike = doc.as_table();
    for name in tables {
        table = table.get(name)?.as_table_like()?;
    }
    let (key, _) = table.get_key_value(last)?;
    key.span().map(|r| Span::new(r.start, r.end))
}

/// The JSON Schema of the configuration (what `schemas/aps-pack.toml.schema.json` holds).
pub fn schema_json() -> serde_json::Value {
    let schema = schemars::schema_for!(Config);
    serde_json::to_value(&schema).unwrap_or_default()
}

/// The configuration schema, compiled once (a test compiles it).
pub(crate) fn compiled_schema() -> &'static aps_json::schema::Schema<SerdeJson> {
    static SCHEMA: OnceLock<aps_json::schema::Schema<SerdeJson>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        aps_json::schema::Schema::from_value(schema_json())
            .unwrap_or_else(|e| panic!("the generated aps-pack.toml schema does not compile: {e}"))
    })
}

/// A TOML document as seen by the JSON Schema path: JSON pointers to spans.
pub(crate) struct TomlSpans<'a>(pub(crate) &'a toml_edit::Item);

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

#[cfg(test)]
#[path = "lib_tests.rs"]
mod tests;
