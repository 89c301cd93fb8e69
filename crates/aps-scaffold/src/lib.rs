//! The templates behind `aps-pack init`: a small but complete APS 2 package
//! (root application type implementing `core/application/1.0` and the
//! init-wizard config type, a tenant type with a counter, a service profile
//! type, wizard data wired to them, `aps-pack.toml` and a pre-commit config).
//!
//! Templates are plain files under `templates/`, embedded at compile time and
//! rendered with tera. Values are escaped by the template (`| xml`, `| json`),
//! never concatenated raw, so any name or id yields well-formed files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the user chose.
#[derive(Debug, Clone)]
pub struct Options {
    /// Human name, e.g. `Hello Cloud`.
    pub name: String,
    /// Application id (an absolute URI without a trailing slash), e.g. `http://example.com/hello-cloud`.
    pub id: String,
    pub vendor: String,
    pub homepage: String,
    /// An `aps-pack.toml` above the new package to inherit (relative to the package folder):
    /// a repository-wide policy keeps applying to the new package.
    pub extend: Option<String>,
}

impl Options {
    /// Defaults derived from a folder name: `my-app` → name `My App`, id `http://example.com/my-app`.
    pub fn from_dir_name(dir_name: &str) -> Options {
        let slug = slugify(dir_name);
        let slug = if slug.is_empty() { "my-app".to_string() } else { slug };
        let name = slug
            .split('-')
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
        Options {
            name,
            id: format!("http://example.com/{slug}"),
            vendor: "Example Vendor".into(),
            homepage: "https://example.com".into(),
            extend: None,
        }
    }

    /// Check what the user typed; the message says what is expected.
    pub fn validate(&self) -> Result<(), ScaffoldError> {
        if self.name.trim().is_empty() {
            return Err(ScaffoldError::EmptyName);
        }
        let rest = self
            .id
            .strip_prefix("http://")
            .or_else(|| self.id.strip_prefix("https://"))
            .ok_or_else(|| ScaffoldError::IdNotAbsolute { id: self.id.clone() })?;
        if rest.is_empty()
            || rest.ends_with('/')
            || rest.contains(char::is_whitespace)
            || rest.contains(['"', '<', '>', '#', '?'])
        {
            return Err(ScaffoldError::IdMalformed { id: self.id.clone() });
        }
        Ok(())
    }
}

/// Lower-case ASCII letters, digits and single dashes.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

macro_rules! templates {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../templates/", $path, ".tera")))),*]
    };
}

/// `(output path, template source)`; `pre-commit-config.yaml` becomes `.pre-commit-config.yaml`.
const TEMPLATES: &[(&str, &str)] = templates![
    "APP-META.xml",
    "schemas/app.schema",
    "schemas/tenant.schema",
    "schemas/profile.schema",
    "scripts/wizard_data.json",
    "ui/overview.js",
    "i18n/en_US.json",
    "aps-pack.toml",
    "pre-commit-config.yaml",
];

const ICON: &[u8] = include_bytes!("../templates/images/icon.png");

/// Render every file of a new package: `(relative path, bytes)`, in a fixed order.
pub fn render(opts: &Options) -> Result<Vec<(String, Vec<u8>)>, ScaffoldError> {
    opts.validate()?;
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![]);
    tera.register_filter("xml", xml_filter);
    tera.register_filter("json", json_filter);
    for (path, src) in TEMPLATES {
        tera.add_raw_template(path, src).map_err(|source| ScaffoldError::Template { path, source })?;
    }
    let mut ctx = tera::Context::new();
    ctx.insert("name", &opts.name);
    ctx.insert("short_name", &short_name(&opts.name));
    ctx.insert("id", &opts.id);
    ctx.insert("vendor", &opts.vendor);
    ctx.insert("homepage", &opts.homepage.trim_end_matches('/'));
    ctx.insert("extend", &opts.extend);
    let mut files = Vec::new();
    for (path, _) in TEMPLATES {
        let text = tera.render(path, &ctx).map_err(|source| ScaffoldError::Template { path, source })?;
        let out = if *path == "pre-commit-config.yaml" { ".pre-commit-config.yaml" } else { path };
        files.push((out.to_string(), text.into_bytes()));
    }
    files.push(("images/icon.png".to_string(), ICON.to_vec()));
    Ok(files)
}

/// Resource type names are limited to 60 characters on the platform; keep room for the suffixes.
fn short_name(name: &str) -> String {
    name.chars().take(30).collect::<String>().trim_end().to_string()
}

fn xml_filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let s = value.as_str().ok_or_else(|| tera::Error::msg("xml filter expects a string"))?;
    let escaped = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;");
    Ok(tera::Value::String(escaped))
}

fn json_filter(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    serde_json::to_string(value).map(tera::Value::String).map_err(|e| tera::Error::msg(e.to_string()))
}

/// Why the options cannot make a package.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("--name must not be empty")]
    EmptyName,
    #[error("--id `{id}` must be an absolute http:// or https:// URI")]
    IdNotAbsolute { id: String },
    #[error("--id `{id}` must be a URI without spaces, quotes, `#`, `?` or a trailing `/`, e.g. http://example.com/my-app")]
    IdMalformed { id: String },
    /// A bundled template did not render: a bug in aps-pack, not in the input.
    #[error("template {path}: {source:?}")]
    Template {
        path: &'static str,
        #[source]
        source: tera::Error,
    },
}

/// Why `write` refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// These files exist and `force` was not given.
    #[error("refusing to overwrite existing files: {}", join_paths(.0))]
    Exists(Vec<PathBuf>),
    #[error("{path}: {source}", path = .0.display(), source = .1)]
    Io(PathBuf, #[source] std::io::Error),
}

fn join_paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

/// Write `files` under `dir`. Nothing is written if any target exists and
/// `force` is false; each file is written to a temporary file and renamed.
pub fn write(dir: &Path, files: &[(String, Vec<u8>)], force: bool) -> Result<Vec<PathBuf>, WriteError> {
    let targets: Vec<PathBuf> = files.iter().map(|(rel, _)| dir.join(rel)).collect();
    if !force {
        let existing: Vec<PathBuf> = targets.iter().filter(|p| p.exists()).cloned().collect();
        if !existing.is_empty() {
            return Err(WriteError::Exists(existing));
        }
    }
    for ((_, bytes), target) in files.iter().zip(&targets) {
        let parent = target.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent).map_err(|e| WriteError::Io(parent.to_path_buf(), e))?;
        aps_diag::atomic::write(target, bytes, None, false).map_err(|e| WriteError::Io(target.clone(), e))?;
    }
    Ok(targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_escaped_values() {
        let opts = Options {
            name: "Tom & \"Jerry\" <Cloud>".into(),
            id: "https://example.com/tom-jerry".into(),
            vendor: "A&B".into(),
            homepage: "https://example.com/".into(),
            extend: Some("../a \"b\"/aps-pack.toml".into()),
        };
        let files = render(&opts).unwrap();
        let config = files
            .iter()
            .find(|(p, _)| p == "aps-pack.toml")
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned());
        assert!(config.is_some_and(|c| c.contains("extend = \"../a \\\"b\\\"/aps-pack.toml\"")));
        let meta = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(meta.contains("<name>Tom &amp; &quot;Jerry&quot; &lt;Cloud&gt;</name>"));
        let wizard = &files.iter().find(|(p, _)| p == "scripts/wizard_data.json").unwrap().1;
        let v: serde_json::Value = serde_json::from_slice(wizard).unwrap();
        assert_eq!(v["defaults"]["apsName"], "Tom & \"Jerry\" <Cloud>");
        assert_eq!(v["defaults"]["appId"], "https://example.com/tom-jerry/app/1.0");
        for (path, bytes) in &files {
            if path.ends_with(".json") {
                serde_json::from_slice::<serde_json::Value>(bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            }
        }
    }

    #[test]
    fn rejects_bad_ids() {
        for id in ["example.com/x", "http://", "http://x.com/a/", "http://x .com", "urn:x"] {
            let o = Options { id: id.into(), ..Options::from_dir_name("x") };
            assert!(o.validate().is_err(), "{id} accepted");
        }
    }

    #[test]
    fn names_from_folders() {
        let o = Options::from_dir_name("My_cool app!");
        assert_eq!(o.name, "My Cool App");
        assert_eq!(o.id, "http://example.com/my-cool-app");
    }

    #[test]
    fn refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let files = render(&Options::from_dir_name("demo")).unwrap();
        write(dir.path(), &files, false).unwrap();
        assert!(matches!(write(dir.path(), &files, false), Err(WriteError::Exists(_))));
        write(dir.path(), &files, true).unwrap();
    }
}
