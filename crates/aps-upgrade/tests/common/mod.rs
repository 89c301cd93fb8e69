//! Fixture builder: small packages written into temporary folders, so that
//! each test states the one difference between OLD and NEW it is about.

#![allow(dead_code)]

use aps_model::{load_package, DirSource, Package};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub const APP_META: &str = r#"<application xmlns="http://aps-standard.org/ns/2" version="2.0">
  <id>http://example.com/backup</id>
  <name>Backup</name>
  <version>1.0</version>
  <release>1</release>
  <presentation>
    <navigation id="ccp" label="Backup">
      <view id="vaults" label="Vaults" src="ui/vaults.js">
        <var name="vault" type-id="http://example.com/backup/vault/1.0"/>
      </view>
    </navigation>
  </presentation>
  <upgrade match="version=ge=1.0, release=ge=0"/>
  <service id="app">
    <schema path="schemas/app.schema"/>
  </service>
  <service id="vaults">
    <schema path="schemas/vault.schema"/>
  </service>
</application>
"#;

pub const APP_SCHEMA: &str = r#"{
  "apsVersion": "2.0",
  "name": "app",
  "id": "http://example.com/backup/app/1.0",
  "implements": ["http://aps-standard.org/types/core/application/1.0"],
  "properties": {
    "apiUrl": { "type": "string", "required": true }
  },
  "relations": {
    "vaults": { "type": "http://example.com/backup/vault/1.0", "collection": true }
  }
}
"#;

pub const VAULT_SCHEMA: &str = r#"{
  "apsVersion": "2.0",
  "name": "vault",
  "id": "http://example.com/backup/vault/1.0",
  "implements": ["http://aps-standard.org/types/core/resource/1.0"],
  "properties": {
    "quota": { "type": "integer", "title": "Quota" },
    "region": { "type": "string" }
  },
  "relations": {
    "app": { "type": "http://example.com/backup/app/1.0", "required": true }
  },
  "operations": {
    "purge": { "verb": "POST", "path": "/purge" }
  }
}
"#;

pub const WIZARD: &str = r#"{
  "defaults": {
    "appId": "http://example.com/backup/app/1.0",
    "resourceTypes": [
      { "name": "Backup - App", "id": -500001, "resClass": "rc.saas.service.link", "required": true,
        "actParams": { "app_id": "idOAID", "resource_uid": "idglobals" } },
      { "name": "Backup - Vault", "id": -500002, "resClass": "rc.saas.service", "required": false,
        "actParams": { "service_id": "vaults", "autoprovide_service": 0 } }
    ],
    "serviceTemplate": {
      "id": -600001,
      "name": "Backup",
      "resources": [
        { "rtID": -500001, "limit": 1, "unlimited": false },
        { "rtID": -500002, "limit": 0, "unlimited": true }
      ]
    }
  }
}
"#;

/// A package's files, edited step by step.
#[derive(Debug, Clone)]
pub struct Pkg {
    files: BTreeMap<String, String>,
}

impl Pkg {
    /// The baseline: an application type, a vault type served by `vaults`,
    /// a view with a navigation variable, wizard data, a UI file.
    pub fn base() -> Pkg {
        let mut files = BTreeMap::new();
        files.insert("APP-META.xml".to_string(), APP_META.to_string());
        files.insert("schemas/app.schema".to_string(), APP_SCHEMA.to_string());
        files.insert("schemas/vault.schema".to_string(), VAULT_SCHEMA.to_string());
        files.insert("scripts/wizard_data.json".to_string(), WIZARD.to_string());
        files.insert("ui/vaults.js".to_string(), "define([], function () { return {}; });\n".to_string());
        Pkg { files }
    }

    /// Replace `from` (which must occur) by `to` in a file.
    pub fn edit(mut self, path: &str, from: &str, to: &str) -> Pkg {
        let text = self.files.get_mut(path).unwrap_or_else(|| panic!("fixture has no {path}"));
        assert!(text.contains(from), "{path} does not contain {from:?}");
        *text = text.replacen(from, to, 1);
        self
    }

    pub fn with(mut self, path: &str, text: &str) -> Pkg {
        self.files.insert(path.to_string(), text.to_string());
        self
    }

    pub fn without(mut self, path: &str) -> Pkg {
        assert!(self.files.remove(path).is_some(), "fixture has no {path}");
        self
    }

    /// Set `<version>` and `<release>`.
    pub fn version(self, version: &str, release: &str) -> Pkg {
        let meta = self.files["APP-META.xml"].clone();
        let v = between(&meta, "<version>", "</version>");
        let r = between(&meta, "<release>", "</release>");
        self.edit(
            "APP-META.xml",
            &format!("<version>{v}</version>"),
            &format!("<version>{version}</version>"),
        )
        .edit(
            "APP-META.xml",
            &format!("<release>{r}</release>"),
            &format!("<release>{release}</release>"),
        )
    }

    /// Write the files under `dir`.
    pub fn write(&self, dir: &Path) {
        for (rel, text) in &self.files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("relative path")).expect("create fixture folder");
            std::fs::write(&path, text).expect("write fixture file");
        }
    }

    /// Write under `tmp/<name>` and load, shown as `<name>/…` in diagnostics.
    pub fn load(&self, tmp: &Path, name: &str) -> Package {
        let dir = tmp.join(name);
        self.write(&dir);
        let (pkg, diags) = load_package(Arc::new(DirSource::new(&dir, name)));
        assert!(
            diags.iter().all(|d| d.severity != aps_diag::Severity::Error),
            "fixture {name} loads: {diags:#?}"
        );
        pkg.expect("fixture package loads")
    }
}

fn between<'a>(s: &'a str, a: &str, b: &str) -> &'a str {
    let start = s.find(a).expect("start marker") + a.len();
    let end = s[start..].find(b).expect("end marker") + start;
    &s[start..end]
}

/// Load OLD and NEW into a fresh temporary folder.
pub fn pair(old: &Pkg, new: &Pkg) -> (tempfile::TempDir, Package, Package) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let o = old.load(tmp.path(), "old");
    let n = new.load(tmp.path(), "new");
    (tmp, o, n)
}

/// A compatible upgrade of [`Pkg::base`]: version 1.1, vault/1.1 with an
/// added optional property and every reference updated, a new wizard
/// resource type, a changed template limit, an edited UI file.
pub fn clean_upgrade() -> Pkg {
    Pkg::base()
        .version("1.1", "1")
        .edit(
            "APP-META.xml",
            r#"type-id="http://example.com/backup/vault/1.0""#,
            r#"type-id="http://example.com/backup/vault/1.1""#,
        )
        .edit("schemas/app.schema", "backup/vault/1.0", "backup/vault/1.1")
        .edit("schemas/vault.schema", "backup/vault/1.0", "backup/vault/1.1")
        .edit(
            "schemas/vault.schema",
            r#""region": { "type": "string" }"#,
            r#""region": { "type": "string", "title": "Region" },
    "retention": { "type": "integer", "default": 30 }"#,
        )
        .edit(
            "scripts/wizard_data.json",
            r#""actParams": { "service_id": "vaults", "autoprovide_service": 0 } }"#,
            r#""actParams": { "service_id": "vaults", "autoprovide_service": 0 } },
      { "name": "Backup - Storage GB", "id": -500003, "resClass": "rc.saas.resource.mbh", "required": false,
        "actParams": { "service_id": "vaults", "resource_id": "quota" } }"#,
        )
        .edit(
            "scripts/wizard_data.json",
            r#""limit": 0, "unlimited": true"#,
            r#""limit": 10, "unlimited": false"#,
        )
        .edit("ui/vaults.js", "return {};", "return { retention: true };")
}
