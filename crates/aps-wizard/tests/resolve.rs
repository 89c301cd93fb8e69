//! The reference graph and instantiation, on the clean fixture and on
//! small in-test inputs.

use aps_wizard::{instantiate, resolve, Bindings, MemoryPackage, PackageContext, ReferenceKind, Status};
use std::path::Path;
use std::sync::Arc;

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)).unwrap()
}

fn parse(text: &str) -> (Arc<aps_diag::SourceFile>, aps_json::Value) {
    let (file, parsed) =
        aps_json::parse_bytes("wizard_data.json", text.as_bytes().to_vec(), &aps_json::Options::default());
    (file, parsed.value.expect("test input parses"))
}

fn package() -> MemoryPackage {
    MemoryPackage::from_json(&serde_json::from_str(&fixture("package.json")).unwrap()).unwrap()
}

#[test]
fn clean_fixture_resolves_completely() {
    let (file, value) = parse(&fixture("clean/wizard_data.json"));
    let pkg = package();
    let graph = resolve(&file, &value, Some(&pkg as &dyn PackageContext));
    assert!(!graph.has_errors());
    assert!(graph.errors.is_empty() && graph.cycles.is_empty());
    assert!(graph.references.iter().all(|r| r.status == Status::Resolved), "{:#?}", graph.references);
    let kinds: std::collections::BTreeSet<String> =
        graph.references.iter().map(|r| format!("{:?}", r.kind)).collect();
    for k in [
        ReferenceKind::IdGlobals,
        ReferenceKind::IdOaid,
        ReferenceKind::NegativeId,
        ReferenceKind::RtId,
        ReferenceKind::WizardResource,
        ReferenceKind::Service,
        ReferenceKind::Counter,
    ] {
        assert!(kinds.contains(&format!("{k:?}")), "{k:?} missing");
    }
    insta::assert_snapshot!("clean-text", graph.to_text());
    insta::assert_snapshot!("clean-dot", graph.to_dot());
}

#[test]
fn json_is_deterministic_and_documents_its_version() {
    let (file, value) = parse(&fixture("clean/wizard_data.json"));
    let pkg = package();
    let a = resolve(&file, &value, Some(&pkg as &dyn PackageContext)).to_json();
    let b = resolve(&file, &value, Some(&pkg as &dyn PackageContext)).to_json();
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["version"], 1);
}

#[test]
fn php_defined_service_types_leave_counters_unchecked_not_dangling() {
    let pkg = MemoryPackage::new().service("tenants", None);
    let (file, value) = parse(
        r#"{"defaults": {"appId": "x", "resourceTypes": [
            {"id": -1, "name": "Disk", "resClass": "rc.saas.resource",
             "actParams": {"service_id": "tenants", "resource_id": "disk"}}],
           "serviceTemplate": {"id": -2, "name": "T", "resources": [{"rtID": -1}]}}}"#,
    );
    let graph = resolve(&file, &value, Some(&pkg as &dyn PackageContext));
    let counter = graph.references.iter().find(|r| r.kind == ReferenceKind::Counter).unwrap();
    assert_eq!(counter.status, Status::Unchecked);
    let service = graph.references.iter().find(|r| r.kind == ReferenceKind::Service).unwrap();
    assert_eq!(service.status, Status::Resolved);
}

#[test]
fn base_numbers_negative_ids_in_declaration_order_once_each() {
    let (_, value) = parse(
        r#"{"defaults": {"appId": "x", "resourceTypes": [
            {"id": -7, "name": "A", "resClass": "rc.saas.service", "actParams": {"service_id": "s"}},
            {"id": 42, "name": "B", "resClass": "rc.saas.service", "actParams": {"service_id": "s"}},
            {"id": -3, "name": "C", "resClass": "rc.saas.service", "actParams": {"service_id": "s"}}],
           "serviceTemplate": {"id": -1, "name": "T", "resources": [{"rtID": -3}, {"rtID": 42}, {"rtID": -7}]}}}"#,
    );
    let bindings = Bindings { base: Some(10), ..Default::default() };
    let out = instantiate(&value, &bindings).value;
    let d = &out["defaults"];
    assert_eq!(d["resourceTypes"][0]["id"], 10);
    assert_eq!(d["resourceTypes"][1]["id"], 42, "a platform id is kept");
    assert_eq!(d["resourceTypes"][2]["id"], 11);
    assert_eq!(d["serviceTemplate"]["id"], 12);
    let rt_ids: Vec<i64> = d["serviceTemplate"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rtID"].as_i64().unwrap())
        .collect();
    assert_eq!(rt_ids, [11, 42, 10]);
}

#[test]
fn unbound_placeholders_are_listed_and_left_alone() {
    let text = fixture("clean/wizard_data.json");
    let (_, value) = parse(&text);
    let out = instantiate(&value, &Bindings::default());
    assert_eq!(out.value, value.to_serde(), "nothing bound, nothing changed");
    assert!(out.unbound.contains(&"idglobals".to_string()));
    assert!(out.unbound.contains(&"idOAID".to_string()));
    assert!(out.unbound.contains(&"base".to_string()));
    assert!(out.unbound.contains(&"offer-basic".to_string()));
}

#[test]
fn bindings_are_checked_against_the_wizard_data() {
    let (_, value) = parse(&fixture("clean/wizard_data.json"));
    let ok = Bindings::parse(
        &[
            "idglobals=8E1D8A2C-3B0F-4C55-9A0E-2F0C9D1E7B11".into(),
            "offer-basic=0b5a4a47-1f3e-4b8e-8e2f-55d5b7b0c001".into(),
        ],
        &value,
    )
    .unwrap();
    assert_eq!(ok.idglobals.as_deref(), Some("8e1d8a2c-3b0f-4c55-9a0e-2f0c9d1e7b11"));
    let err = Bindings::parse(&["reseller-defualt=0b5a4a47-1f3e-4b8e-8e2f-55d5b7b0c001".into()], &value)
        .unwrap_err();
    assert_eq!(err.help.as_deref(), Some("did you mean `reseller-default`?"));
    assert!(Bindings::parse(&["base=0".into()], &value).is_err());
    assert!(Bindings::parse(&["idOAID=abc".into()], &value).is_err());
}

const OUT_OF_RANGE: &str = r#"{
  "defaults": {
    "resourceTypes": [
      { "id": -99999999999999999999999999, "name": "A", "resClass": "rc.saas.service", "actParams": {} },
      { "id": -1e400, "name": "B", "resClass": "rc.saas.service", "actParams": {} }
    ],
    "serviceTemplate": {
      "id": -600001, "name": "T",
      "resources": [ { "rtID": -500001, "limit": 1e999 } ]
    }
  }
}"#;

#[test]
fn ids_beyond_64_bits_are_errors_not_silently_dropped() {
    let (file, value) = parse(OUT_OF_RANGE);
    let diags = aps_wizard::lint_wizard(&file, &value, None);
    let found: Vec<(&str, usize, usize)> = diags
        .iter()
        .filter(|d| d.message.contains("64-bit") || d.message.contains("out of range"))
        .map(|d| {
            let lc = d.line_col().unwrap();
            (d.rule.code, lc.line, lc.column)
        })
        .collect();
    assert_eq!(found, vec![("WIZ001", 4, 15), ("WIZ001", 5, 15), ("WIZ132", 9, 50)], "{diags:#?}");
    // The schema's view of the converted value (`null`) is not reported on top.
    assert!(!diags.iter().any(|d| d.message.contains("null")), "{diags:#?}");

    let graph = resolve(&file, &value, None);
    assert!(graph.has_errors());
    let codes: Vec<&str> = graph.errors.iter().map(|e| e.code).collect();
    assert_eq!(codes.iter().filter(|c| **c == "WIZ001").count(), 2, "{:#?}", graph.errors);
    assert!(codes.contains(&"WIZ132"), "{:#?}", graph.errors);

    let out = instantiate(&value, &Bindings { base: Some(1000), ..Bindings::default() });
    assert_eq!(
        out.unrepresentable,
        [
            "defaults.resourceTypes[0].id",
            "defaults.resourceTypes[1].id",
            "defaults.serviceTemplate.resources[0].limit"
        ]
    );
}

#[test]
fn base_that_overflows_is_refused_and_instantiate_never_overflows() {
    let (_, value) = parse(&fixture("clean/wizard_data.json"));
    let err = Bindings::parse(&["base=9223372036854775807".into()], &value).unwrap_err();
    assert!(err.message.contains("must fit a 64-bit integer"), "{err:?}");
    assert!(Bindings::parse(&["base=1000".into()], &value).is_ok());
    // Built by hand, past the check: the ids that do not fit stay placeholders.
    let out = instantiate(&value, &Bindings { base: Some(i64::MAX), ..Bindings::default() });
    assert!(out.unbound.contains(&"base".to_string()), "{:?}", out.unbound);
}

#[test]
fn a_name_bound_twice_is_refused() {
    let (_, value) = parse(&fixture("clean/wizard_data.json"));
    let err = Bindings::parse(&["base=1".into(), "base=2".into()], &value).unwrap_err();
    assert!(err.message.contains("`base` is bound more than once"), "{err:?}");
    assert!(err.message.contains("base=1") && err.message.contains("base=2"), "{err:?}");
}
