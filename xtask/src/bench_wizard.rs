//! `cargo xtask bench wizard`: linting (and resolving) generated wizard data
//! in the context of a generated package, at 1k/2k/5k/10k resource types with
//! a service template using all of them, to show the cost stays linear.
//!
//! The package is loaded through the real model (`aps_model::load_package`
//! over an in-memory source): an application root type implementing the
//! init-wizard type, a tenant type with counters in every unit family, and a
//! service profile type. The wizard data holds the application reference,
//! the tenant, one service profile per 100 resource types (each linked by a
//! resource type, related to the application and to the previous profile),
//! and counter resource types for the rest.

use aps_model::source::MemSource;
use aps_model::{load_package, PackageSource};
use aps_wizard::PackageContext;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

const SIZES: [usize; 4] = [1_000, 2_000, 5_000, 10_000];
/// Counter properties of the tenant type: (name prefix, kind, unit, class).
const COUNTERS: [(&str, &str, &str, &str); 9] = [
    ("disk", "Counter", "mb", "rc.saas.resource"),
    ("users", "Counter", "unit", "rc.saas.resource.unit"),
    ("cpu", "Limit", "mhz", "rc.saas.resource.mhz"),
    ("bandwidth", "Counter", "kbps", "rc.saas.resource.kbps"),
    ("storagehours", "Usage", "mb-h", "rc.saas.resource.mbh"),
    ("userhours", "Usage", "unit-h", "rc.saas.resource.unith"),
    ("cpuhours", "Usage", "mhzh", "rc.saas.resource.mhzh"),
    ("traffic", "Usage", "kb", "rc.saas.resource.kba"),
    ("bandwidthhours", "Usage", "kbps-h", "rc.saas.resource.kbpsh"),
];
/// Counters per unit family in the tenant type (9 × 20 = 180 counters).
const PER_FAMILY: usize = 20;

pub fn run() -> Result<(), String> {
    let package = generated_package()?;
    let pkg: &dyn PackageContext = &package;
    println!(
        "aps-wizard: lint generated wizard data against a generated package ({} counters on the tenant type)",
        COUNTERS.len() * PER_FAMILY
    );
    println!(
        "{:>8} {:>10} {:>12} {:>12} {:>14} {:>12}",
        "types", "KiB", "lint ms", "µs/type", "resolve ms", "findings"
    );
    let mut per_type = Vec::new();
    for n in SIZES {
        let text = wizard_data(n);
        let kib = text.len() / 1024;
        let runs = (20_000 / n).clamp(3, 20) as u32;
        let mut findings = 0;
        let mut lint_total = Duration::ZERO;
        let mut resolve_total = Duration::ZERO;
        for _ in 0..runs {
            let start = Instant::now();
            let (file, parsed) = aps_json::parse_bytes(
                "scripts/wizard_data.json",
                text.clone().into_bytes(),
                &aps_json::Options::default(),
            );
            let value = parsed.value.ok_or("generated wizard data does not parse")?;
            let diags = aps_wizard::lint_wizard(&file, &value, Some(pkg));
            lint_total += start.elapsed();
            findings = parsed.diagnostics.len() + diags.len();
            if findings != 0 {
                let first =
                    diags.first().map(|d| format!("{}: {}", d.rule.code, d.message)).unwrap_or_default();
                return Err(format!(
                    "generated wizard data of {n} types has {findings} findings, e.g. {first}"
                ));
            }
            let start = Instant::now();
            let graph = aps_wizard::resolve(&file, &value, Some(pkg));
            std::hint::black_box(graph.to_json());
            resolve_total += start.elapsed();
        }
        let lint = lint_total / runs;
        let resolve = resolve_total / runs;
        let micros = lint.as_secs_f64() * 1e6 / n as f64;
        per_type.push(micros);
        println!("{n:>8} {kib:>10} {:>12.2} {micros:>12.2} {:>14.2} {findings:>12}", ms(lint), ms(resolve));
    }
    let (first, last) = (per_type[0], per_type[per_type.len() - 1]);
    let growth = last / first;
    println!(
        "cost per resource type at {} types is {growth:.2}× that at {} types (linear ≈ 1×)",
        SIZES[SIZES.len() - 1],
        SIZES[0]
    );
    if growth > 3.0 {
        return Err(format!(
            "wizard lint is not linear: per-type cost grew {growth:.2}× from 1k to 10k types"
        ));
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

const APP: &str = "http://example.com/bench/app/1.0";
const TENANT: &str = "http://example.com/bench/tenant/1.0";
const OFFER: &str = "http://example.com/bench/offer/1.0";

fn generated_package() -> Result<aps_model::Package, String> {
    let source: Arc<dyn PackageSource> = Arc::new(MemSource::new("bench", package_files()));
    let (pkg, diags) = load_package(source);
    pkg.ok_or_else(|| format!("generated package does not load: {:?}", diags.first().map(|d| &d.message)))
}

/// The files of the generated package (APP-META.xml and its type schemas).
pub(crate) fn package_files() -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let meta = "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n\
        <id>http://example.com/bench</id>\n<name>Bench</name>\n<version>1.0</version>\n<release>1</release>\n\
        <service id=\"app\"><schema path=\"schemas/app.schema\"/></service>\n\
        <service id=\"tenants\"><schema path=\"schemas/tenant.schema\"/></service>\n\
        <service id=\"offers\"><schema path=\"schemas/offer.schema\"/></service>\n\
        </application>\n";
    files.insert("APP-META.xml".to_string(), meta.as_bytes().to_vec());
    let app = serde_json::json!({
        "apsVersion": "2.0", "name": "app", "id": APP,
        "implements": ["http://aps-standard.org/types/core/application/1.0", "http://odin.com/init-wizard/config/1.0"],
        "properties": { "apphost": { "type": "string" } },
        "operations": {
            "getInitWizardConfig": { "verb": "GET", "path": "/getInitWizardConfig" },
            "testConnection": { "verb": "GET", "path": "/testConnection" }
        }
    });
    let mut counters = serde_json::Map::new();
    for (prefix, kind, unit, _) in COUNTERS {
        for i in 0..PER_FAMILY {
            counters.insert(
                format!("{prefix}{i}"),
                serde_json::json!({ "type": format!("http://aps-standard.org/types/core/resource/1.0#{kind}"), "unit": unit }),
            );
        }
    }
    let tenant = serde_json::json!({
        "apsVersion": "2.0", "name": "tenant", "id": TENANT,
        "implements": ["http://aps-standard.org/types/core/resource/1.0"],
        "properties": counters,
        "relations": { "app": { "type": APP, "required": true } }
    });
    let offer = serde_json::json!({
        "apsVersion": "2.0", "name": "offer", "id": OFFER,
        "implements": ["http://aps-standard.org/types/core/profile/service/1.0"],
        "properties": { "quota": { "type": "integer" } },
        "relations": { "app": { "type": APP, "required": true }, "previous": { "type": OFFER } }
    });
    for (name, schema) in [("app", app), ("tenant", tenant), ("offer", offer)] {
        files.insert(format!("schemas/{name}.schema"), schema.to_string().into_bytes());
    }
    files
}

/// Wizard data with `n` resource types, all in the service template.
pub(crate) fn wizard_data(n: usize) -> String {
    let profiles = (n / 100).max(1);
    let mut out = String::with_capacity(n * 200);
    out.push_str("{\n  \"configurableProperties\": [\"apphost\"],\n  \"defaults\": {\n");
    let _ =
        writeln!(out, "    \"apsVersion\": \"2.2\",\n    \"appId\": \"{APP}\",\n    \"apsName\": \"Bench\",");
    out.push_str("    \"apsResources\": [\n");
    for p in 0..profiles {
        let previous = if p == 0 { String::new() } else { format!(", \"previous\": \"offer-{}\"", p - 1) };
        let _ = writeln!(
            out,
            "      {{ \"id\": \"offer-{p}\", \"type\": \"http://aps-standard.org/types/core/profile/service/1.0\", \
             \"apsType\": \"{OFFER}\", \"fields\": {{ \"profileName\": \"Offer {p}\", \"quota\": {p} }}, \
             \"relations\": {{ \"app\": \"idglobals\"{previous} }} }}{}",
            if p + 1 < profiles { "," } else { "" }
        );
    }
    out.push_str("    ],\n    \"resourceTypes\": [\n");
    let mut rows = Vec::with_capacity(n);
    rows.push(format!(
        "{{ \"id\": -1, \"name\": \"App reference\", \"resClass\": \"rc.saas.service.link\", \"required\": true, \
         \"actParams\": {{ \"app_id\": \"idOAID\", \"resource_uid\": \"idglobals\", \"rtfor\": \"{APP}\" }} }}"
    ));
    rows.push(
        "{ \"id\": -2, \"name\": \"Tenant\", \"resClass\": \"rc.saas.service\", \"required\": true, \
         \"actParams\": { \"app_id\": \"idOAID\", \"service_id\": \"tenants\", \"autoprovide_service\": 1 } }"
            .to_string(),
    );
    for p in 0..profiles {
        rows.push(format!(
            "{{ \"id\": -{}, \"name\": \"Offer {p}\", \"resClass\": \"rc.saas.service.link\", \
             \"actParams\": {{ \"app_id\": \"idOAID\", \"resource_uid\": \"offer-{p}\", \"rtfor\": \"{OFFER}\" }} }}",
            3 + p
        ));
    }
    let mut i = 0usize;
    while rows.len() < n {
        let (prefix, _, _, class) = COUNTERS[i % COUNTERS.len()];
        let counter = (i / COUNTERS.len()) % PER_FAMILY;
        let id = rows.len() + 1;
        rows.push(format!(
            "{{ \"id\": -{id}, \"name\": \"Counter {id} ({prefix}{counter})\", \"resClass\": \"{class}\", \
             \"actParams\": {{ \"app_id\": \"idOAID\", \"service_id\": \"tenants\", \"resource_id\": \"{prefix}{counter}\" }} }}"
        ));
        i += 1;
    }
    out.push_str(&rows.iter().map(|r| format!("      {r}")).collect::<Vec<_>>().join(",\n"));
    out.push_str("\n    ],\n    \"serviceTemplate\": {\n      \"id\": -600001,\n      \"name\": \"Bench\",\n      \"resources\": [\n");
    let entries: Vec<String> = (1..=n)
        .map(|id| {
            let limit = if id <= 2 { "\"limit\": 1" } else { "\"limit\": 0, \"unlimited\": true" };
            format!("        {{ \"rtID\": -{id}, {limit} }}")
        })
        .collect();
    out.push_str(&entries.join(",\n"));
    out.push_str("\n      ]\n    }\n  }\n}\n");
    out
}
