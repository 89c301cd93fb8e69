//! Wizard data end to end: `aps-pack lint WIZARD.json` and `aps-pack resolve`
//! with the real binary, on the corpus and on packages the tests write.

mod common;

use common::{root, show};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Run in the repository root, where the corpus is.
fn aps_pack(args: &[&str]) -> Output {
    common::aps_pack(root(), args)
}

const APP: &str = "http://example.com/cloud/app/1.0";
const UUID: &str = "8e1d8a2c-3b0f-4c55-9a0e-2f0c9d1e7b11";

/// A package with schemas for every service: root app (init wizard), tenant
/// with counters, offer profile type.
fn write_package(dir: &Path, wizard: &str) -> PathBuf {
    let files: [(&str, String); 5] = [
        (
            "APP-META.xml",
            "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n\
             <id>http://example.com/cloud</id>\n<name>Cloud</name>\n<version>1.0</version>\n<release>1</release>\n\
             <service id=\"app\"><schema path=\"schemas/app.schema\"/></service>\n\
             <service id=\"tenants\"><schema path=\"schemas/tenant.schema\"/></service>\n\
             <service id=\"offers\"><schema path=\"schemas/offer.schema\"/></service>\n\
             </application>\n"
                .to_string(),
        ),
        (
            "schemas/app.schema",
            serde_json::json!({
                "apsVersion": "2.0", "name": "app", "id": APP,
                "implements": ["http://aps-standard.org/types/core/application/1.0", "http://odin.com/init-wizard/config/1.0"],
                "properties": { "apphost": { "type": "string" } },
                "operations": {
                    "getInitWizardConfig": { "verb": "GET", "path": "/getInitWizardConfig" },
                    "testConnection": { "verb": "GET", "path": "/testConnection" }
                }
            })
            .to_string(),
        ),
        (
            "schemas/tenant.schema",
            serde_json::json!({
                "apsVersion": "2.0", "name": "tenant", "id": "http://example.com/cloud/tenant/1.0",
                "implements": ["http://aps-standard.org/types/core/resource/1.0"],
                "properties": {
                    "diskspace": { "type": "http://aps-standard.org/types/core/resource/1.0#Counter", "unit": "mb" },
                    "users": { "type": "http://aps-standard.org/types/core/resource/1.0#Counter", "unit": "unit" }
                },
                "relations": { "app": { "type": APP, "required": true } }
            })
            .to_string(),
        ),
        (
            "schemas/offer.schema",
            serde_json::json!({
                "apsVersion": "2.0", "name": "offer", "id": "http://example.com/cloud/offer/1.0",
                "implements": ["http://aps-standard.org/types/core/profile/service/1.0"],
                "properties": { "quota": { "type": "integer" } },
                "relations": { "app": { "type": APP }, "peer": { "type": "http://example.com/cloud/offer/1.0" } }
            })
            .to_string(),
        ),
        ("scripts/wizard_data.json", wizard.to_string()),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir.join("scripts/wizard_data.json")
}

/// Wizard data using every kind of reference; `extra_rel` is added to the
/// offer's relations, `extra_entry` to the template.
fn wizard(extra_rel: &str, extra_entry: &str) -> String {
    format!(
        r#"{{
  "configurableProperties": ["apphost"],
  "defaults": {{
    "apsVersion": "2.2",
    "appId": "{APP}",
    "apsName": "Cloud",
    "apsResources": [
      {{ "id": "offer-basic", "type": "http://aps-standard.org/types/core/profile/service/1.0",
         "apsType": "http://example.com/cloud/offer/1.0", "fields": {{ "quota": 5 }},
         "relations": {{ "app": "idglobals"{extra_rel} }} }},
      {{ "id": "offer-plus", "type": "http://aps-standard.org/types/core/profile/service/1.0",
         "apsType": "http://example.com/cloud/offer/1.0", "relations": {{ "peer": "offer-basic" }} }}
    ],
    "resourceTypes": [
      {{ "id": -500001, "name": "Cloud - App REF", "resClass": "rc.saas.service.link", "required": true,
         "actParams": {{ "app_id": "idOAID", "resource_uid": "idglobals" }} }},
      {{ "id": -500002, "name": "Cloud - Tenant", "resClass": "rc.saas.service", "required": true,
         "actParams": {{ "app_id": "idOAID", "service_id": "tenants", "autoprovide_service": 1 }} }},
      {{ "id": -500003, "name": "Cloud - Basic offer", "resClass": "rc.saas.service.link",
         "actParams": {{ "app_id": "idOAID", "resource_uid": "offer-basic" }} }},
      {{ "id": -500004, "name": "Cloud - Disk", "resClass": "rc.saas.resource",
         "actParams": {{ "app_id": "idOAID", "service_id": "tenants", "resource_id": "diskspace" }} }},
      {{ "id": -500005, "name": "Cloud - Existing", "resClass": "rc.saas.service.link",
         "actParams": {{ "app_id": "idOAID", "resource_uid": "{UUID}" }} }}
    ],
    "serviceTemplate": {{
      "id": -600001,
      "name": "Cloud",
      "resources": [
        {{ "rtID": -500001, "limit": 1 }},
        {{ "rtID": -500002, "limit": 1 }},
        {{ "rtID": -500003, "limit": 1 }},
        {{ "rtID": -500004, "limit": 1024 }},
        {{ "rtID": -500005, "limit": 1 }}{extra_entry}
      ]
    }}
  }}
}}
"#
    )
}

fn resolve_json(wizard_text: &str) -> (Output, Value) {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_package(tmp.path(), wizard_text);
    let out = aps_pack(&["resolve", file.to_str().unwrap(), "--format", "json"]);
    let graph = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", show(&out)));
    (out, graph)
}

fn references<'a>(graph: &'a Value, kind: &str) -> Vec<&'a Value> {
    graph["references"].as_array().unwrap().iter().filter(|r| r["kind"] == kind).collect()
}

// ---------------------------------------------------------------- lint

#[test]
fn corpus_wizard_files_lint_without_errors_in_their_packages() {
    for name in ["aps2-boilerplate", "aps_dummy", "office365-adoption"] {
        let rel = format!("fixtures/corpus/aps/{name}/scripts/wizard_data.json");
        let out = aps_pack(&["lint", &rel]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", show(&out));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("× "), "{name}: {text}");
        assert!(text.contains("WIZ190"), "{name}: the PHP info should be said once: {text}");
        assert_eq!(text.matches("WIZ190").count(), 1, "{name}: {text}");
    }
}

#[test]
fn written_package_lints_clean_with_deny_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_package(tmp.path(), &wizard("", ""));
    let out = aps_pack(&["lint", "--deny-warnings", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
}

#[test]
fn lint_reports_package_rules_with_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let text = wizard("", "").replace("\"resource_id\": \"diskspace\"", "\"resource_id\": \"diskspac\"");
    let file = write_package(tmp.path(), &text);
    let out = aps_pack(&["lint", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = report.to_string();
    assert!(text.contains("WIZ114"), "{text}");
    assert!(text.contains("did you mean `diskspace`?"), "{text}");
    let line = wizard("", "").lines().position(|l| l.contains("\"diskspace\"")).unwrap() + 1;
    assert!(text.contains(&format!("\"line\":{line}")), "line {line}: {text}");
}

#[test]
fn lone_wizard_file_lints_standalone_and_with_package_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let pkg = tmp.path().join("pkg");
    write_package(&pkg, &wizard("", ""));
    let lone = tmp.path().join("wizard.json");
    std::fs::write(
        &lone,
        wizard("", "").replace(
            "\"service_id\": \"tenants\", \"autoprovide",
            "\"service_id\": \"tenant\", \"autoprovide",
        ),
    )
    .unwrap();
    // Standalone: the service id cannot be checked.
    let out = common::aps_pack(tmp.path(), &["lint", "wizard.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    // With the package: it can.
    let out = common::aps_pack(tmp.path(), &["lint", "wizard.json", "--package", "pkg"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("WIZ113") && text.contains("did you mean `tenants`?"), "{text}");
}

#[test]
fn duplicate_keys_and_unknown_keys_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("wizard_data.json");
    let text = wizard("", "")
        .replace("\"name\": \"Cloud - Disk\", \"resClass\"", "\"name\": \"Cloud - Disk\", \"resclass\"")
        .replace("\"apsName\": \"Cloud\",", "\"apsName\": \"Cloud\",\n    \"apsName\": \"Cloud 2\",");
    let line = text.lines().position(|l| l.contains("Cloud 2")).unwrap() + 1;
    std::fs::write(&file, text).unwrap();
    let out = common::aps_pack(tmp.path(), &["lint", "wizard_data.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("JSN002"), "duplicate key: {text}");
    assert!(text.contains(&format!("wizard_data.json:{line}:5")), "points at the second `apsName`: {text}");
    assert!(text.contains("WIZ002") && text.contains("did you mean `resClass`?"), "{text}");
    assert!(text.contains("WIZ001") && text.contains("has no `resClass`"), "{text}");
}

#[test]
fn malformed_wizard_json_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    for (i, text) in ["{", "{\"defaults\": [}", "\u{feff}{\"defaults\": 1}", "[]", "null"].iter().enumerate()
    {
        let file = tmp.path().join(format!("w{i}/wizard_data.json"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
        let out = aps_pack(&["lint", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{text:?}: {}", show(&out));
        let out = aps_pack(&["resolve", file.to_str().unwrap()]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{text:?}: {}", show(&out));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", show(&out));
    }
}

// ---------------------------------------------------------------- resolve

#[test]
fn resolve_json_has_the_documented_shape() {
    let (out, graph) = resolve_json(&wizard("", ""));
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let keys: Vec<&str> = graph.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["version", "file", "nodes", "edges", "references", "cycles", "errors"]);
    assert_eq!(graph["version"], 1);
    for n in graph["nodes"].as_array().unwrap() {
        assert!(n["id"].is_string() && n["kind"].is_string() && n["label"].is_string(), "{n}");
    }
    for e in graph["edges"].as_array().unwrap() {
        assert!(e["from"].is_string() && e["to"].is_string() && e["kind"].is_string(), "{e}");
    }
    for r in graph["references"].as_array().unwrap() {
        for key in ["kind", "value", "pointer", "line", "column", "status"] {
            assert!(!r[key].is_null(), "{key} missing in {r}");
        }
    }
    assert!(graph["errors"].as_array().unwrap().is_empty());
    // Service and counter references resolve through the package, with the unit.
    let counter = references(&graph, "counter")[0];
    assert_eq!(counter["status"], "resolved");
    let node = graph["nodes"].as_array().unwrap().iter().find(|n| n["id"] == counter["target"]).unwrap();
    assert_eq!(node["attrs"]["unit"], "mb");
    assert_eq!(references(&graph, "service")[0]["target"], "service:tenants");
    assert_eq!(references(&graph, "uuid")[0]["status"], "external");
}

#[test]
fn resolve_idglobals() {
    let (_, graph) = resolve_json(&wizard("", ""));
    let refs = references(&graph, "idglobals");
    assert_eq!(refs.len(), 2, "app reference and the offer's relation");
    assert!(refs.iter().all(|r| r["target"] == "instance" && r["status"] == "resolved"));
    assert_eq!(refs[0]["pointer"], "/defaults/apsResources/0/relations/app");
    let instance = graph["nodes"].as_array().unwrap().iter().find(|n| n["id"] == "instance").unwrap();
    assert_eq!(instance["attrs"]["type"], APP, "idglobals resolves to the root type");
}

#[test]
fn resolve_idoaid() {
    let (_, graph) = resolve_json(&wizard("", ""));
    let refs = references(&graph, "idOAID");
    assert_eq!(refs.len(), 5, "one `app_id` per resource type");
    assert!(refs.iter().all(|r| r["target"] == "platform-application" && r["status"] == "resolved"));
    assert_eq!(refs[0]["pointer"], "/defaults/resourceTypes/0/actParams/app_id");
}

#[test]
fn resolve_negative_resource_type_ids() {
    let (_, graph) = resolve_json(&wizard("", ""));
    let refs = references(&graph, "negative-id");
    assert_eq!(refs.len(), 6, "five resource types and the template");
    assert_eq!(refs[0]["value"], -500001);
    assert_eq!(refs[0]["pointer"], "/defaults/resourceTypes/0/id");
    assert_eq!(refs[0]["target"], "rt:-500001");
    assert_eq!(refs[5]["target"], "template:-600001");
}

#[test]
fn resolve_template_rtids() {
    let (_, graph) = resolve_json(&wizard("", ""));
    let refs = references(&graph, "rtID");
    assert_eq!(refs.len(), 5);
    assert_eq!(refs[3]["value"], -500004);
    assert_eq!(refs[3]["target"], "rt:-500004");
    assert_eq!(refs[3]["status"], "resolved");
    let includes: Vec<&Value> =
        graph["edges"].as_array().unwrap().iter().filter(|e| e["kind"] == "includes").collect();
    assert_eq!(includes.len(), 5);
    assert_eq!(includes[3]["from"], "template:-600001");
    assert_eq!(includes[3]["label"], "limit 1024");
}

#[test]
fn resolve_aps_resource_ids() {
    let (_, graph) = resolve_json(&wizard("", ""));
    let refs = references(&graph, "wizard-resource");
    // The basic offer's link and the plus offer's relation.
    assert_eq!(refs.len(), 2);
    assert!(refs.iter().all(|r| r["target"] == "resource:offer-basic" && r["status"] == "resolved"));
    assert_eq!(refs[0]["pointer"], "/defaults/apsResources/1/relations/peer");
    assert_eq!(refs[1]["pointer"], "/defaults/resourceTypes/2/actParams/resource_uid");
}

#[test]
fn resolve_dangling_references_are_errors() {
    let (out, graph) =
        resolve_json(&wizard(", \"peer\": \"offer-plsu\"", ",\n        { \"rtID\": -500009, \"limit\": 1 }"));
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let dangling: Vec<&Value> =
        graph["references"].as_array().unwrap().iter().filter(|r| r["status"] == "dangling").collect();
    assert_eq!(dangling.len(), 2, "{dangling:?}");
    assert!(dangling.iter().all(|r| r.get("target").is_none()));
    let codes: Vec<&str> =
        graph["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["WIZ120", "WIZ120"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean `offer-plus`?"), "{stderr}");
    assert!(stderr.contains("did you mean `-500005`?"), "{stderr}");
}

#[test]
fn resolve_cycles_are_errors() {
    let (out, graph) = resolve_json(&wizard(", \"peer\": \"offer-plus\"", ""));
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert_eq!(graph["cycles"], serde_json::json!([["resource:offer-basic", "resource:offer-plus"]]));
    assert_eq!(graph["errors"][0]["code"], "WIZ121");
}

#[test]
fn resolve_text_and_dot() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_package(tmp.path(), &wizard("", ""));
    let out = aps_pack(&["resolve", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("resource type -500004 \"Cloud - Disk\" [rc.saas.resource]"), "{text}");
    assert!(text.contains("counts -> counter `diskspace` of service `tenants`"), "{text}");
    assert!(text.contains("unit mb"), "{text}");
    let out = aps_pack(&["resolve", file.to_str().unwrap(), "--format", "dot"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let dot = String::from_utf8_lossy(&out.stdout);
    assert!(dot.starts_with("digraph wizard {") && dot.trim_end().ends_with('}'), "{dot}");
    assert!(dot.contains("\"template:-600001\" -> \"rt:-500001\""), "{dot}");
    // Deterministic: the same input gives the same bytes.
    let again = aps_pack(&["resolve", file.to_str().unwrap(), "--format", "dot"]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn resolve_without_package_leaves_package_references_unchecked() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("wizard.json");
    std::fs::write(&file, wizard("", "")).unwrap();
    let out = aps_pack(&["resolve", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let graph: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(references(&graph, "counter")[0]["status"], "unchecked");
    assert_eq!(references(&graph, "service")[0]["status"], "unchecked");
}

#[test]
fn resolve_bind_substitutes_placeholders() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_package(tmp.path(), &wizard("", ""));
    let offer_uuid = "0b5a4a47-1f3e-4b8e-8e2f-55d5b7b0c001";
    let out = aps_pack(&[
        "resolve",
        file.to_str().unwrap(),
        "--bind",
        &format!("idglobals={UUID}"),
        "--bind",
        "idOAID=12",
        "--bind",
        "base=1000",
        "--bind",
        &format!("offer-basic={offer_uuid}"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let data: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &data["defaults"];
    assert_eq!(d["resourceTypes"][0]["id"], 1000);
    assert_eq!(d["resourceTypes"][4]["id"], 1004);
    assert_eq!(d["serviceTemplate"]["id"], 1005);
    assert_eq!(d["serviceTemplate"]["resources"][3]["rtID"], 1003);
    assert_eq!(d["resourceTypes"][0]["actParams"]["resource_uid"], UUID);
    assert_eq!(d["resourceTypes"][0]["actParams"]["app_id"], "12");
    assert_eq!(d["resourceTypes"][2]["actParams"]["resource_uid"], offer_uuid);
    assert_eq!(d["apsResources"][0]["id"], offer_uuid);
    assert_eq!(d["apsResources"][0]["relations"]["app"], UUID);
    assert_eq!(d["apsResources"][1]["relations"]["peer"], offer_uuid);
    assert_eq!(d["apsName"], "Cloud", "non-reference values are left alone");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("offer-plus"), "the unbound resource id is named: {stderr}");
}

#[test]
fn resolve_bind_rejects_bad_values_with_help() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_package(tmp.path(), &wizard("", ""));
    let f = file.to_str().unwrap();
    for (bind, expect) in [
        ("idglobals=not-a-uuid", "UUID"),
        ("idOAID=-3", "positive integer"),
        ("idglobal=x", "did you mean `idglobals`?"),
        ("offer-basc=x", "did you mean `offer-basic`?"),
        ("novalue", "NAME=VALUE"),
    ] {
        let out = aps_pack(&["resolve", f, "--bind", bind]);
        assert_eq!(out.status.code(), Some(2), "{bind}: {}", show(&out));
        assert!(String::from_utf8_lossy(&out.stderr).contains(expect), "{bind}: {}", show(&out));
    }
    let out = aps_pack(&["resolve", f, "--bind", "idOAID=1", "--format", "dot"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
}

#[test]
fn resolve_writes_output_files_and_fails_cleanly_on_missing_input() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write_package(tmp.path(), &wizard("", ""));
    let target = tmp.path().join("graph.json");
    let out =
        aps_pack(&["resolve", file.to_str().unwrap(), "--format", "json", "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(out.stdout.is_empty());
    let graph: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(graph["version"], 1);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let out = aps_pack(&["resolve", "no/such/wizard.json"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let out = aps_pack(&["resolve", "fixtures", "--no-package"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
}

const HELLO_WIZARD: &str = "examples/hello-cloud/scripts/wizard_data.json";

#[test]
fn resolve_refuses_a_base_that_overflows() {
    let o = aps_pack(&["resolve", HELLO_WIZARD, "--bind", "base=9223372036854775807"]);
    assert_eq!(common::code(&o), 2, "{}", show(&o));
    let err = common::stderr(&o);
    assert!(err.contains("must fit a 64-bit integer"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn resolve_refuses_a_name_bound_twice() {
    let o = aps_pack(&["resolve", HELLO_WIZARD, "--bind", "base=1000", "--bind", "base=2000"]);
    assert_eq!(common::code(&o), 2, "{}", show(&o));
    let err = common::stderr(&o);
    assert!(err.contains("`base` is bound more than once"), "{err}");
    assert!(common::stdout(&o).is_empty(), "{}", show(&o));
}

#[test]
fn numbers_beyond_64_bits_are_reported_not_dropped_or_rounded() {
    let tmp = tempfile::tempdir().unwrap();
    let wizard = tmp.path().join("wizard_data.json");
    std::fs::write(
        &wizard,
        "{\n  \"defaults\": {\n    \"resourceTypes\": [\n      \
         { \"id\": -99999999999999999999999999, \"name\": \"A\", \"resClass\": \"rc.saas.service\", \"actParams\": {} },\n      \
         { \"id\": -1e400, \"name\": \"B\", \"resClass\": \"rc.saas.service\", \"actParams\": {} }\n    ],\n    \
         \"serviceTemplate\": { \"id\": -600001, \"name\": \"T\",\n      \
         \"resources\": [ { \"rtID\": -600001, \"limit\": 1e999 } ] }\n  }\n}\n",
    )
    .unwrap();
    let path = wizard.to_str().unwrap();

    let o = aps_pack(&["lint", path, "--format", "json"]);
    assert_eq!(common::code(&o), 1, "{}", show(&o));
    let out = common::stdout(&o);
    assert_eq!(out.matches("fits a 64-bit signed integer").count(), 2, "{out}");
    assert!(out.contains("WIZ132") && out.contains("1e999"), "{out}");

    let o = aps_pack(&["resolve", path, "--format", "json"]);
    assert_eq!(common::code(&o), 1, "{}", show(&o));
    let graph = common::json(&o);
    let codes: Vec<&str> =
        graph["errors"].as_array().unwrap().iter().filter_map(|e| e["code"].as_str()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "WIZ001").count(), 2, "{graph:#}");

    let out_file = tmp.path().join("instance.json");
    let o = aps_pack(&["resolve", path, "--bind", "base=1000", "-o", out_file.to_str().unwrap()]);
    assert_eq!(common::code(&o), 1, "{}", show(&o));
    assert!(common::stderr(&o).contains("not writing the wizard data"), "{}", show(&o));
    assert!(!out_file.exists(), "a rounded or null id must not be written");
}

#[test]
fn resolve_output_creates_missing_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("some/missing/dir/out.json");
    let o = aps_pack(&["resolve", HELLO_WIZARD, "--format", "json", "-o", target.to_str().unwrap()]);
    assert_eq!(common::code(&o), 0, "{}", show(&o));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    let leftovers: Vec<_> = std::fs::read_dir(target.parent().unwrap()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only out.json, no temporary file");
}
