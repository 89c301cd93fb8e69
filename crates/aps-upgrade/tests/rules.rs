//! One pair of package versions per upgrade rule (the rule fires, nothing
//! else does), and a clean upgrade on which no rule fires.

mod common;

use aps_diag::{Diagnostic, HumanOptions};
use common::{clean_upgrade, pair, Pkg};

fn findings(old: &Pkg, new: &Pkg) -> Vec<Diagnostic> {
    let (_tmp, o, n) = pair(old, new);
    let mut d = aps_upgrade::upgrade_rules(&o, &n);
    aps_diag::sort_diagnostics(&mut d);
    d
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code()).collect()
}

fn human(d: &[Diagnostic]) -> String {
    aps_diag::render_human(d, &HumanOptions { color: false, unicode: true, width: 100, summary: true })
}

#[test]
fn clean_upgrade_fires_nothing() {
    let d = findings(&Pkg::base(), &clean_upgrade());
    assert!(d.is_empty(), "{}", human(&d));
    // A rebuild (same version, next release) is an upgrade too.
    let d = findings(&Pkg::base(), &Pkg::base().version("1.0", "2"));
    assert!(d.is_empty(), "{}", human(&d));
}

#[test]
fn upg001_application_id_changed() {
    let new = clean_upgrade().edit(
        "APP-META.xml",
        "<id>http://example.com/backup</id>",
        "<id>http://example.com/backup-ng</id>",
    );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG001"]);
    insta::assert_snapshot!(human(&d));
}

#[test]
fn upg002_version_not_greater_compares_dotted_versions() {
    // 1.9 is lower than 1.10, though it sorts higher as text.
    let old = Pkg::base().version("1.10", "1");
    let d = findings(&old, &Pkg::base().version("1.9", "5"));
    assert_eq!(codes(&d), ["UPG002"]);
    insta::assert_snapshot!("upg002_lower_version", human(&d));
    // Same version, same release.
    let d = findings(&old, &old);
    assert_eq!(codes(&d), ["UPG002"]);
    insta::assert_snapshot!("upg002_same_release", human(&d));
    // And the other way round it is fine.
    assert!(findings(&Pkg::base().version("1.9", "5"), &old).is_empty());
}

#[test]
fn upg003_upgrade_match_excludes_previous() {
    let new =
        clean_upgrade().edit("APP-META.xml", "version=ge=1.0, release=ge=0", "version=ge=1.0, release=ge=2");
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG003"]);
    insta::assert_snapshot!("upg003_upgrade", human(&d));

    let new = clean_upgrade().edit(
        "APP-META.xml",
        r#"<upgrade match="version=ge=1.0, release=ge=0"/>"#,
        r#"<upgrade match="version=ge=1.0, release=ge=0"/>
  <patch match="version=eq=1.1"/>"#,
    );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG003"]);
    insta::assert_snapshot!("upg003_patch", human(&d));

    let new =
        clean_upgrade().edit("APP-META.xml", "  <upgrade match=\"version=ge=1.0, release=ge=0\"/>\n", "");
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG003"]);
    insta::assert_snapshot!("upg003_missing", human(&d));

    // `or(…)` is evaluated, not just read.
    let new = clean_upgrade().edit(
        "APP-META.xml",
        "version=ge=1.0, release=ge=0",
        "or(version=eq=0.9, and(version=eq=1.0, release=ge=1))",
    );
    assert!(findings(&Pkg::base(), &new).is_empty());
}

#[test]
fn upg004_type_changed_in_place() {
    let new = Pkg::base().version("1.1", "1").edit(
        "schemas/vault.schema",
        r#""region": { "type": "string" }"#,
        r#""region": { "type": "string", "maxLength": 32 },
    "retention": { "type": "integer" }"#,
    );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG004"]);
    insta::assert_snapshot!(human(&d));
    // Texts alone are not a new definition.
    let new = Pkg::base().version("1.1", "1").edit(
        "schemas/vault.schema",
        r#""title": "Quota""#,
        r#""title": "Storage quota""#,
    );
    assert!(findings(&Pkg::base(), &new).is_empty());
}

#[test]
fn upg005_incompatible_minor_version() {
    let new = clean_upgrade()
        .edit("schemas/vault.schema", r#""quota": { "type": "integer", "title": "Quota" },"#, "")
        .edit(
            "schemas/vault.schema",
            r#""region": { "type": "string", "title": "Region" }"#,
            r#""region": { "type": "string", "title": "Region", "required": true }"#,
        )
        .edit(
            "schemas/vault.schema",
            r#""operations": {
    "purge": { "verb": "POST", "path": "/purge" }
  }"#,
            r#""operations": {}"#,
        );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG005", "UPG005", "UPG005"]);
    insta::assert_snapshot!(human(&d));
}

#[test]
fn upg005_detects_renames_and_type_changes() {
    let new = clean_upgrade()
        .edit(
            "schemas/vault.schema",
            r#""quota": { "type": "integer", "title": "Quota" }"#,
            r#""quotaGb": { "type": "integer", "title": "Quota" }"#,
        )
        .edit(
            "schemas/vault.schema",
            r#""region": { "type": "string", "title": "Region" }"#,
            r#""region": { "type": "integer", "title": "Region" }"#,
        );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG005", "UPG005"]);
    let text = human(&d);
    assert!(text.contains("property `quota` removed (renamed to `quotaGb`?)"), "{text}");
    assert!(text.contains("type of property `region` changed from `string` to `integer`"), "{text}");
}

#[test]
fn upg006_service_removed() {
    let new = clean_upgrade().without("schemas/vault.schema").edit(
        "APP-META.xml",
        "  <service id=\"vaults\">\n    <schema path=\"schemas/vault.schema\"/>\n  </service>\n",
        "",
    );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG006"]);
    insta::assert_snapshot!(human(&d));
}

#[test]
fn upg006_property_removed_in_major_version() {
    // (The application type's relation stays at vault/1.0: pointing it at 2.0 would change the
    // application type too, which UPG004 reports.)
    let new = Pkg::base()
        .version("2.0", "1")
        .edit("APP-META.xml", "backup/vault/1.0", "backup/vault/2.0")
        .edit("schemas/vault.schema", "backup/vault/1.0", "backup/vault/2.0")
        .edit(
            "schemas/vault.schema",
            r#",
    "region": { "type": "string" }"#,
            "",
        );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG006"]);
    insta::assert_snapshot!(human(&d));
}

#[test]
fn upg006_type_removed_while_its_service_stays() {
    let other = r#"{ "apsVersion": "2.0", "name": "store", "id": "http://example.com/backup/store/1.0",
  "implements": ["http://aps-standard.org/types/core/resource/1.0"] }
"#;
    // The application type keeps its (now dangling) relation: changing it is UPG004's business.
    let new = clean_upgrade()
        .edit("schemas/app.schema", "backup/vault/1.1", "backup/vault/1.0")
        .without("schemas/vault.schema")
        .with("schemas/store.schema", other)
        .edit("APP-META.xml", "schemas/vault.schema", "schemas/store.schema")
        .edit(
            "APP-META.xml",
            r#"type-id="http://example.com/backup/vault/1.1""#,
            r#"type-id="http://example.com/backup/store/1.0""#,
        );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG006"]);
    insta::assert_snapshot!(human(&d));
}

#[test]
fn upg007_reference_to_older_minor() {
    // The vault type moves to 1.1, the relation and the view variable stay at 1.0.
    let new = clean_upgrade()
        .edit(
            "APP-META.xml",
            r#"type-id="http://example.com/backup/vault/1.1""#,
            r#"type-id="http://example.com/backup/vault/1.0""#,
        )
        .edit("schemas/app.schema", "backup/vault/1.1", "backup/vault/1.0");
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG007", "UPG007"]);
    assert!(d.iter().all(|d| d.severity == aps_diag::Severity::Info));
    insta::assert_snapshot!(human(&d));
}

#[test]
fn upg008_wizard_resource_type_changed() {
    let new = clean_upgrade().edit(
        "scripts/wizard_data.json",
        r#""resClass": "rc.saas.service", "required": false,
        "actParams": { "service_id": "vaults","#,
        r#""resClass": "rc.saas.service.link", "required": false,
        "actParams": { "service_id": "vaults2","#,
    );
    let d = findings(&Pkg::base(), &new);
    assert_eq!(codes(&d), ["UPG008", "UPG008"]);
    insta::assert_snapshot!(human(&d));
}

#[test]
fn every_rule_is_registered_and_documented() {
    let mut seen = Vec::new();
    for r in aps_upgrade::rules::ALL {
        assert!(r.code.starts_with("UPG"), "{}", r.code);
        assert!(
            r.docs.contains("## Why") && r.docs.contains("## Fix") && r.docs.contains("## Example"),
            "{}",
            r.code
        );
        assert!(!seen.contains(&r.code), "duplicate {}", r.code);
        seen.push(r.code);
    }
    assert_eq!(seen.len(), 8);
}
