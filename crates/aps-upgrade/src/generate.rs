//! Synthetic packages of a chosen size, for the `diff` benchmark
//! (`cargo xtask bench diff`) and for tests that need volume.

use aps_model::MemSource;
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the generated package looks like.
#[derive(Debug, Clone, Copy)]
pub struct Synthetic {
    /// Number of types (and services), the first being the application's root type.
    pub types: usize,
    /// Properties per type.
    pub properties: usize,
    /// `1` is the baseline; `2` is an upgrade of it with a realistic mix of
    /// changes (see [`synthetic_package`]).
    pub generation: u32,
}

impl Default for Synthetic {
    fn default() -> Self {
        Synthetic { types: 200, properties: 12, generation: 1 }
    }
}

const NS: &str = "http://bench.example/app";

fn schema(i: usize, cfg: &Synthetic) -> (String, String) {
    let upgraded = cfg.generation > 1;
    // In the upgrade every 10th type (from 3) gets a new minor version, every
    // 25th (from 3) loses a property, every 40th (from 7) changes a
    // property's type without a new version.
    let minor = if upgraded && i % 10 == 3 { 1 } else { 0 };
    let id = format!("{NS}/t{i}/1.{minor}");
    let mut props = String::new();
    for p in 0..cfg.properties {
        if upgraded && i % 25 == 3 && p == 0 {
            continue; // removed in a minor version: incompatible
        }
        let ty = if upgraded && i % 40 == 7 && p == 1 { "integer" } else { "string" };
        let required = p % 3 == 0;
        let _ = write!(
            props,
            "{}\n    \"p{p}\": {{ \"type\": \"{ty}\", \"required\": {required}, \"title\": \"Property {p}\", \"maxLength\": {} }}",
            if props.is_empty() { "" } else { "," },
            64 + p
        );
    }
    if upgraded && i % 10 == 3 {
        let _ = write!(props, ",\n    \"added\": {{ \"type\": \"boolean\" }}");
    }
    let implements = if i == 0 {
        "http://aps-standard.org/types/core/application/1.0"
    } else {
        "http://aps-standard.org/types/core/resource/1.0"
    };
    let relations = if i == 0 {
        String::new()
    } else {
        format!(
            ",\n  \"relations\": {{ \"app\": {{ \"type\": \"{NS}/t0/1.0\", \"required\": true }}, \"next\": {{ \"type\": \"{NS}/t{}/1.0\", \"collection\": true }} }}",
            (i + 1) % cfg.types.max(1)
        )
    };
    let text = format!(
        "{{\n  \"apsVersion\": \"2.0\",\n  \"name\": \"t{i}\",\n  \"id\": \"{id}\",\n  \"implements\": [\"{implements}\"],\n  \"properties\": {{{props}\n  }}{relations},\n  \"operations\": {{ \"sync\": {{ \"verb\": \"POST\", \"path\": \"/sync\", \"response\": {{ \"type\": \"string\" }} }} }}\n}}\n"
    );
    (format!("schemas/t{i}.schema"), text)
}

/// A package with `cfg.types` services, each serving one type with
/// `cfg.properties` properties, two relations and an operation, plus a UI
/// file per service and wizard data with a resource type per service.
///
/// Generation 2 bumps the version and release, gives every 10th type a new
/// minor version with an added property, removes a property from every
/// 25th type, changes a property's type in place in every 40th, changes the
/// class of every 50th wizard resource type, drops the last service, and
/// edits every 7th UI file.
pub fn synthetic_package(cfg: &Synthetic) -> MemSource {
    let upgraded = cfg.generation > 1;
    let mut files = BTreeMap::new();
    let services = if upgraded { cfg.types.saturating_sub(1).max(1) } else { cfg.types };
    let mut meta = format!(
        "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  <id>{NS}</id>\n  <name>Bench</name>\n  <version>1.{}</version>\n  <release>{}</release>\n  <upgrade match=\"version=ge=1.0, release=ge=0\"/>\n",
        cfg.generation - 1,
        cfg.generation
    );
    let mut wizard_rt = String::new();
    for i in 0..services {
        let (path, text) = schema(i, cfg);
        let _ = write!(
            meta,
            "  <service id=\"s{i}\">\n    <schema path=\"{path}\"/>\n    <presentation><name>Service {i}</name></presentation>\n  </service>\n"
        );
        files.insert(path, text.into_bytes());
        let ui =
            if upgraded && i % 7 == 0 { format!("// view {i}, revised\n") } else { format!("// view {i}\n") };
        files.insert(format!("ui/s{i}.js"), ui.into_bytes());
        let class = if upgraded && i % 50 == 5 { "rc.saas.service.link" } else { "rc.saas.service" };
        let _ = write!(
            wizard_rt,
            "{}\n      {{ \"name\": \"Service {i}\", \"id\": {}, \"resClass\": \"{class}\", \"required\": false, \"actParams\": {{ \"service_id\": \"s{i}\", \"autoprovide_service\": 0 }} }}",
            if wizard_rt.is_empty() { "" } else { "," },
            -500_001 - i as i64
        );
    }
    meta.push_str("</application>\n");
    files.insert("APP-META.xml".into(), meta.into_bytes());
    let wizard = format!(
        "{{\n  \"defaults\": {{\n    \"appId\": \"{NS}/t0/1.0\",\n    \"resourceTypes\": [{wizard_rt}\n    ],\n    \"serviceTemplate\": {{ \"id\": -600001, \"name\": \"Bench\", \"resources\": [ {{ \"rtID\": -500001, \"limit\": 1, \"unlimited\": false }} ] }}\n  }}\n}}\n"
    );
    files.insert("scripts/wizard_data.json".into(), wizard.into_bytes());
    MemSource::new(format!("bench-{}", cfg.generation), files)
}
