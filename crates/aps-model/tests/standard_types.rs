//! The embedded standard types are exactly what the extraction produces from
//! the registry dump, so they cannot go stale. Run with
//! `APS_PACK_BLESS=1 cargo test -p aps-model --test standard_types` to rewrite them.

use aps_model::standard::{extract_standard_types, standard_type_ids, STANDARD_TYPES_JSON};
use aps_model::{TypeRegistry, CORE_APPLICATION, CORE_RESOURCE, INIT_WIZARD_CONFIG};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn committed_standard_types_match_the_extraction() {
    let dump =
        std::fs::read_to_string(root().join("fixtures/reference/aps-type-registry-dump-2014.json")).unwrap();
    let fresh = extract_standard_types(&dump).unwrap();
    let committed_path = root().join("schemas/aps-types/standard-types.json");
    if std::env::var_os("APS_PACK_BLESS").is_some() {
        std::fs::write(&committed_path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap();
    assert!(
        committed == fresh,
        "schemas/aps-types/standard-types.json is stale; rerun with APS_PACK_BLESS=1 to regenerate"
    );
    // The binary embeds the same bytes.
    assert!(STANDARD_TYPES_JSON == committed, "the embedded copy differs: rebuild");
}

#[test]
fn registry_holds_the_49_standard_types_and_our_own() {
    let ids = standard_type_ids();
    let from_dump = ids.iter().filter(|i| i.starts_with("http://aps-standard.org/types/")).count();
    // 49 from the dump, plus the marker types aps-pack defines (two profile types and
    // the subscription service type published packages implement).
    assert_eq!(from_dump, 49 + 3, "{ids:#?}");
    assert!(ids.contains(&INIT_WIZARD_CONFIG));
    let reg = TypeRegistry::with_standard_types();
    assert!(reg.find_operation(INIT_WIZARD_CONFIG, "getInitWizardConfig").is_some());
    assert!(reg.find_operation(INIT_WIZARD_CONFIG, "testConnection").is_some());
    // Inheritance: core/application implements core/resource, which declares Counter.
    assert!(reg.implements(CORE_APPLICATION, CORE_RESOURCE));
    let counter =
        reg.resolve_structure_ref("http://aps-standard.org/types/core/resource/1.0#Counter").unwrap();
    assert_eq!(counter.structure.name.value, "Counter");
    assert!(reg.find_structure(CORE_APPLICATION, "Limit").is_some());
    let upgrade = reg.find_operation(CORE_APPLICATION, "upgrade").unwrap();
    assert_eq!(upgrade.declared_in.id(), CORE_APPLICATION);
    let provision = reg.find_operation(CORE_APPLICATION, "provision").unwrap();
    assert_eq!(provision.declared_in.id(), CORE_RESOURCE);
    let company = reg.find_property("http://aps-standard.org/types/core/account/1.0", "companyName").unwrap();
    assert!(company.item.is_required());
}

#[test]
fn embedded_types_lint_clean_against_each_other() {
    // Every reference inside the standard types resolves within them.
    let reg = TypeRegistry::with_standard_types();
    for t in reg.iter() {
        for imp in &t.schema.implements {
            assert!(reg.resolve(&imp.value).is_some(), "{} implements unknown {}", t.id(), imp.value);
        }
        for rel in &t.schema.relations {
            let ty = rel.ty.as_ref().unwrap();
            assert!(
                reg.resolve(&ty.value).is_some(),
                "{}: relation {} to unknown {}",
                t.id(),
                rel.name.value,
                ty.value
            );
        }
    }
    assert!(reg.check().is_empty());
}
