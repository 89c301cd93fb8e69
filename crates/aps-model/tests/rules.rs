//! One test per rule: the clean fixture (`tests/fixtures/clean`) lints with
//! no finding at all, and each rule fires on a copy with exactly one thing
//! broken. The human rendering of the rule's findings is snapshotted.

use aps_diag::{render_human, Diagnostic, HumanOptions};
use aps_model::source::MemSource;
use aps_model::{lint_source, DirSource};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

type Files = BTreeMap<String, Vec<u8>>;

fn clean_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean")
}

fn clean_files() -> Files {
    let src = DirSource::new(clean_dir(), "clean");
    use aps_model::PackageSource;
    src.files().into_iter().map(|f| (f.clone(), src.read(&f).unwrap())).collect()
}

fn edit(files: &mut Files, path: &str, from: &str, to: &str) {
    let text = String::from_utf8(files[path].clone()).unwrap();
    assert!(text.contains(from), "{path} does not contain {from:?}");
    files.insert(path.to_string(), text.replacen(from, to, 1).into_bytes());
}

fn lint(name: &str, files: Files) -> Vec<Diagnostic> {
    lint_source(Arc::new(MemSource::new(format!("fixtures/{name}"), files)))
}

/// Break the clean package with `change`, check that `code` fires, and
/// snapshot its findings.
fn fires(code: &str, name: &str, change: impl FnOnce(&mut Files)) {
    let mut files = clean_files();
    change(&mut files);
    let diags = lint(name, files);
    let mine: Vec<Diagnostic> = diags.iter().filter(|d| d.code() == code).cloned().collect();
    assert!(
        !mine.is_empty(),
        "{code} did not fire; got: {:?}",
        diags.iter().map(|d| (d.code(), d.message.as_str())).collect::<Vec<_>>()
    );
    let rendered = render_human(&mine, &HumanOptions { summary: false, ..HumanOptions::default() });
    insta::assert_snapshot!(format!("{code}-{name}"), rendered);
}

const META: &str = "APP-META.xml";

#[test]
fn clean_fixture_has_no_findings() {
    let diags = lint_source(Arc::new(DirSource::new(clean_dir(), "clean")));
    let rendered = render_human(&diags, &HumanOptions::default());
    assert!(diags.is_empty(), "{rendered}");
    let meta =
        aps_diag::SourceFile::new("APP-META.xml", String::from_utf8(clean_files()[META].clone()).unwrap());
    assert!(aps_model::lint_app_meta(&meta).is_empty());
    for schema in ["schemas/app.schema", "schemas/tenant.schema.gen", "schemas/offer.json"] {
        let f = aps_diag::SourceFile::new(schema, String::from_utf8(clean_files()[schema].clone()).unwrap());
        let d = aps_model::lint_schema_file(&f);
        assert!(d.is_empty(), "{schema}: {}", render_human(&d, &HumanOptions::default()));
    }
}

#[test]
fn xml001_syntax() {
    fires("XML001", "xml-syntax", |f| edit(f, META, "</release>", "</releas>"));
}

#[test]
fn xml002_doctype() {
    fires("XML002", "xml-doctype", |f| {
        edit(f, META, "<application", "<!DOCTYPE application [<!ENTITY e \"x\">]>\n<application")
    });
}

#[test]
fn xml003_unknown_entity() {
    fires("XML003", "xml-unknown-entity", |f| {
        edit(f, META, "Counters &amp; limits", "Counters &nbsp; limits")
    });
}

#[test]
fn xml004_too_deep() {
    fires("XML004", "xml-too-deep", |f| {
        edit(f, META, "<entry>First release</entry>", &format!("<entry>{}</entry>", "<b>\n".repeat(300)))
    });
}

#[test]
fn xml005_encoding() {
    fires("XML005", "xml-encoding", |f| edit(f, META, "encoding=\"UTF-8\"", "encoding=\"windows-1252\""));
}

#[test]
fn xml006_unbound_prefix() {
    fires("XML006", "xml-unbound-prefix", |f| {
        edit(f, META, "<release>3</release>", "<ext:release>3</ext:release>")
    });
}

#[test]
fn aps101_aps1_package() {
    fires("APS101", "aps1-package", |f| {
        edit(f, META, "http://aps-standard.org/ns/2", "http://apstandard.com/ns/1")
    });
}

#[test]
fn aps102_not_app_meta() {
    fires("APS102", "not-app-meta", |f| edit(f, META, " xmlns=\"http://aps-standard.org/ns/2\"", ""));
}

#[test]
fn aps103_missing_required_element() {
    fires("APS103", "missing-required-element", |f| {
        edit(f, META, "<release>3</release>", "");
        edit(f, META, "<name>Clean Example</name>", "<name> </name>");
    });
}

#[test]
fn aps104_empty_element() {
    fires("APS104", "empty-element", |f| {
        edit(f, META, "<homepage>https://example.com/clean</homepage>", "<homepage/>")
    });
}

#[test]
fn aps105_unknown_element() {
    fires("APS105", "unknown-element", |f| {
        edit(
            f,
            META,
            "<summary>A clean example package</summary>",
            "<sumary>A clean example package</sumary>",
        )
    });
}

#[test]
fn aps106_invalid_version() {
    fires("APS106", "invalid-version", |f| {
        edit(f, META, "<version>1.10</version>", "<version>1.10 beta</version>")
    });
}

#[test]
fn aps107_invalid_match() {
    fires("APS107", "invalid-match", |f| {
        edit(f, META, "version=ge=1.0, release=ge=0", "version>=1.0");
        edit(f, META, "version=eq=1.10, release=lt=3", "versoin=eq=1.10");
    });
}

#[test]
fn aps108_missing_attribute() {
    fires("APS108", "missing-attribute", |f| {
        edit(f, META, "<service id=\"offers\">", "<service>");
        edit(f, META, "<code engine=\"php\" path=", "<code path=");
    });
}

#[test]
fn aps109_invalid_attribute_value() {
    fires("APS109", "invalid-attribute-value", |f| {
        edit(f, META, "required=\"true\"/>", "required=\"yes\"/>")
    });
}

#[test]
fn aps110_file_not_found() {
    fires("APS110", "file-not-found", |f| {
        f.remove("ui/edit.js");
        edit(f, META, "src=\"ui/tile.js\"", "src=\"ui/Tile.js\"");
        f.remove("scripts/tenants.php");
    });
}

#[test]
fn aps111_path_escapes_package() {
    fires("APS111", "path-escapes-package", |f| {
        edit(f, META, "src=\"ui/tile.js\"", "src=\"../shared/tile.js\"");
        edit(f, META, "path=\"scripts/tenants.php\"", "path=\"/srv/app/tenants.php\"");
        edit(f, META, "<icon path=\"images/icon.png\"/>", "<icon path=\"images\\icon.png\"/>");
    });
}

#[test]
fn aps112_duplicate_service_id() {
    fires("APS112", "duplicate-service-id", |f| {
        edit(f, META, "<service id=\"offers\">", "<service id=\"app\">")
    });
}

#[test]
fn aps113_license_file_is_url() {
    fires("APS113", "license-file-is-url", |f| {
        edit(f, META, "<file>LICENSE.txt</file>", "<file>https://example.com/eula</file>")
    });
}

#[test]
fn aps114_missing_schema() {
    fires("APS114", "missing-schema", |f| {
        f.remove("schemas/offer.json");
        f.insert("schemas/offers.json".into(), b"{}".to_vec());
    });
}

#[test]
fn aps115_types_from_php() {
    fires("APS115", "types-from-php", |f| {
        f.remove("schemas/tenant.schema.gen");
    });
}

#[test]
fn aps116_invalid_service_id() {
    fires("APS116", "invalid-service-id", |f| {
        edit(f, META, "<service id=\"offers\">", "<service id=\"my offers\">")
    });
}

#[test]
fn aps117_duplicate_element() {
    fires("APS117", "duplicate-element", |f| {
        edit(f, META, "<version>1.10</version>", "<version>1.10</version>\n    <version>1.11</version>")
    });
}

#[test]
fn aps118_missing_app_meta() {
    fires("APS118", "package-without-app-meta", |f| {
        f.remove(META);
    });
}

#[test]
fn typ201_invalid_schema() {
    fires("TYP201", "invalid-schema", |f| {
        edit(f, "schemas/offer.json", "\"required\": true }", "\"required\": \"true\" }");
        edit(f, "schemas/app.schema", "\"verb\": \"POST\"", "\"verb\": \"PATCH\"");
    });
}

#[test]
fn typ202_invalid_type_id() {
    fires("TYP202", "invalid-type-id", |f| {
        edit(
            f,
            "schemas/offer.json",
            "\"http://example.com/aps/clean/offer/1.2\"",
            "\"http://example.com/aps/clean/offer\"",
        )
    });
}

#[test]
fn typ203_duplicate_type_id() {
    fires("TYP203", "duplicate-type-id", |f| {
        edit(
            f,
            "schemas/offer.json",
            "http://example.com/aps/clean/offer/1.2",
            "http://example.com/aps/clean/tenant/1.0",
        )
    });
}

#[test]
fn typ204_implements_cycle() {
    fires("TYP204", "implements-cycle", |f| {
        edit(
            f,
            "schemas/offer.json",
            "\"http://aps-standard.org/types/core/resource/1.0\",",
            "\"http://example.com/aps/clean/tenant/1.0\",",
        );
        edit(
            f,
            "schemas/tenant.schema.gen",
            "\"implements\": [",
            "\"implements\": [\"http://example.com/aps/clean/offer/1.0\", ",
        );
    });
}

#[test]
fn typ205_unknown_type() {
    fires("TYP205", "unknown-type", |f| {
        edit(
            f,
            META,
            "type-id=\"http://example.com/aps/clean/tenant/1.0\"/>",
            "type-id=\"http://example.com/aps/clean/tenant/2.0\"/>",
        );
        edit(
            f,
            META,
            "type-id=\"http://example.com/aps/clean/app/1.0\"",
            "type-id=\"http://example.com/aps/clean/ap/1.0\"",
        );
        edit(
            f,
            "schemas/offer.json",
            "\"type\": \"http://example.com/aps/clean/app/1.0\"",
            "\"type\": \"http://example.com/aps/clean/app/1.1\"",
        );
    });
}

#[test]
fn typ206_invalid_name() {
    fires("TYP206", "invalid-name", |f| {
        edit(f, "schemas/app.schema", "\"apiKey\"", "\"api-key\"");
        edit(f, "schemas/tenant.schema.gen", "\"Settings\": {", "\"2Settings\": {");
    });
}

#[test]
fn typ207_no_root_type() {
    fires("TYP207", "no-root-type", |f| {
        edit(
            f,
            "schemas/app.schema",
            "\"http://aps-standard.org/types/core/application/1.0\",",
            "\"http://aps-standard.org/types/core/resource/1.0\",",
        )
    });
}

#[test]
fn typ208_multiple_root_types() {
    fires("TYP208", "multiple-root-types", |f| {
        edit(
            f,
            "schemas/offer.json",
            "\"http://aps-standard.org/types/core/resource/1.0\",",
            "\"http://aps-standard.org/types/core/application/1.0\",",
        )
    });
}

#[test]
fn typ209_unknown_schema_key() {
    fires("TYP209", "unknown-schema-key", |f| {
        edit(f, "schemas/offer.json", "\"required\": true }", "\"requried\": true }")
    });
}

#[test]
fn typ210_unknown_property_type() {
    fires("TYP210", "unknown-property-type", |f| {
        edit(f, "schemas/tenant.schema.gen", "\"type\": \"Settings\"", "\"type\": \"Setings\"");
        edit(f, "schemas/tenant.schema.gen", "1.0#Usage", "1.0#Usages");
    });
}

#[test]
fn typ211_external_type() {
    fires("TYP211", "external-type", |f| {
        edit(
            f,
            META,
            "type-id=\"http://example.com/aps/clean/app/1.0\"",
            "type-id=\"http://other-vendor.example/app/thing/1.0\"",
        )
    });
}

#[test]
fn typ212_unknown_standard_type() {
    fires("TYP212", "unknown-standard-type", |f| {
        edit(f, "schemas/offer.json", "types/core/resource/1.0", "types/core/resouce/1.0")
    });
}

#[test]
fn typ213_unversioned_type_reference() {
    fires("TYP213", "unversioned-type-reference", |f| {
        edit(
            f,
            "schemas/offer.json",
            "\"type\": \"http://example.com/aps/clean/app/1.0\"",
            "\"type\": \"http://example.com/aps/clean/app\"",
        )
    });
}

/// The severity of an unresolved reference follows what it breaks: an optional relation
/// or a navigation variable is resolved only when used (warning); an implemented type is
/// resolved at import and a required relation at provisioning (error).
#[test]
fn unresolved_reference_severity_follows_what_it_breaks() {
    let severity_of = |change: &dyn Fn(&mut Files)| {
        let mut files = clean_files();
        change(&mut files);
        let diags = lint("severity", files);
        let found: Vec<_> = diags.iter().filter(|d| d.code() == "TYP205").map(|d| d.severity).collect();
        assert_eq!(found.len(), 1, "{diags:?}");
        found[0]
    };
    let nav = severity_of(&|f| {
        edit(
            f,
            META,
            "type-id=\"http://example.com/aps/clean/app/1.0\"",
            "type-id=\"http://example.com/aps/clean/ap/1.0\"",
        )
    });
    assert_eq!(nav, aps_diag::Severity::Warning);
    let implements = severity_of(&|f| {
        edit(
            f,
            "schemas/offer.json",
            "\"implements\": [",
            "\"implements\": [\"http://example.com/aps/clean/nothing/1.0\", ",
        )
    });
    assert_eq!(implements, aps_diag::Severity::Error);
}

#[test]
fn every_rule_has_a_test_here() {
    let me = include_str!("rules.rs");
    for rule in aps_model::rules::ALL {
        assert!(me.contains(&format!("fires(\"{}\"", rule.code)), "no test fires {}", rule.code);
        let doc = rule.docs_markdown();
        for section in ["## Why", "## Example", "## Fix"] {
            assert!(doc.contains(section), "{} docs lack {section}", rule.code);
        }
    }
}
