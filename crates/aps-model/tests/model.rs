//! The typed model and the registry API, on real corpus packages and the clean fixture.

use aps_diag::SourceFile;
use aps_model::source::MemSource;
use aps_model::{
    load_package, parse_app_meta, parse_type_schema, CounterKind, DirSource, NavKind, Package, PackageSource,
    ServiceType, TypeId, CORE_APPLICATION, CORE_RESOURCE,
};
use std::path::Path;
use std::sync::Arc;

fn corpus(name: &str) -> Package {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus/aps").join(name);
    let (pkg, diags) = load_package(Arc::new(DirSource::new(dir, format!("fixtures/corpus/aps/{name}"))));
    assert!(diags.is_empty(), "{name}: {diags:?}");
    pkg.unwrap()
}

fn clean() -> Package {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
    let (pkg, diags) = load_package(Arc::new(DirSource::new(dir, "clean")));
    assert!(diags.is_empty(), "{diags:?}");
    pkg.unwrap()
}

#[test]
fn cloudblue_metadata_model() {
    let pkg = corpus("cloudblue-connect-extension");
    let m = &pkg.meta;
    let text = |s: &aps_model::Spanned<String>| m.file.slice(s.span).to_string();
    assert_eq!(m.id_str(), "http://odin.com/servicesSelector");
    assert_eq!(m.version.as_ref().unwrap().value, "26.0");
    assert_eq!(text(m.version.as_ref().unwrap()), "26.0");
    assert_eq!(m.aps_version.as_ref().unwrap().value, "2.0");
    assert_eq!(m.packaged.as_ref().unwrap().value, "2020-04-14T18:09:19");
    let packager = m.packager.as_ref().unwrap();
    assert_eq!(packager.uri.as_ref().unwrap().value, "http://www.odin.com");
    let p = m.presentation.as_ref().unwrap();
    assert_eq!(p.icon.as_ref().unwrap().value, "ui/images/Connect.png");
    assert_eq!(p.screenshots[0].description.as_ref().unwrap().value, "CB Connect Logo");
    assert_eq!(p.changelog.len(), 18);
    assert_eq!(p.changelog[0].version.as_ref().unwrap().value, "26.0");
    assert_eq!(p.categories[0].value, "System");
    assert_eq!(p.navigation.len(), 5);
    // Trees: view-plugin with vars and plugs-to; nested views with params and controls; items; placeholders.
    let plugin = &p.navigation[0].children[0];
    assert_eq!(plugin.kind, NavKind::ViewPlugin);
    assert_eq!(plugin.vars.len(), 2);
    assert!(plugin.vars[0].required.as_ref().unwrap().value);
    assert_eq!(plugin.plugs_to[0].value, "http://www.parallels.com/ccp-dashboard#ux1-dashboard");
    let nodes = m.nav_nodes();
    let edit = nodes.iter().find(|n| n.id.as_ref().is_some_and(|i| i.value == "editparams")).unwrap();
    assert_eq!(edit.controls.len(), 2);
    assert_eq!(edit.controls[0].kind.value, "submit");
    let details = nodes.iter().find(|n| n.id.as_ref().is_some_and(|i| i.value == "viewconfigux1")).unwrap();
    assert_eq!(details.params[0].name.as_ref().unwrap().value, "tierConfig");
    assert!(nodes.iter().any(|n| n.placeholders.len() == 2));
    assert!(nodes.iter().any(|n| n.kind == NavKind::Item));
    let filtered = m.vars().into_iter().find(|(_, v)| v.filter.is_some()).unwrap().1;
    assert_eq!(filtered.filter.as_ref().unwrap().value, "eq(id,1)");
    let lic = m.license.as_ref().unwrap();
    assert!(lic.free.is_some());
    assert_eq!(
        lic.text.as_ref().unwrap().url.as_ref().unwrap().value,
        "http://opensource.org/licenses/bsd-license"
    );
    let globals = m.service("globals").unwrap();
    assert_eq!(globals.schema.as_ref().unwrap().value, "schemas/globals.schema");
    let links = &globals.presentation.as_ref().unwrap().infolinks;
    assert_eq!(links[1].class.as_ref().unwrap().value, "support");
    assert_eq!(links[1].text.value, "CloudBlue Connect Provider Portal");
    let upgrade = m.upgrade.as_ref().unwrap().expr.as_ref().unwrap();
    assert!(upgrade.matches("25.0", "3"));
    assert!(!upgrade.matches("0.0.9", "1"));
}

#[test]
fn cloudblue_types_and_registry() {
    let pkg = corpus("cloudblue-connect-extension");
    assert!(pkg.types_complete());
    let root = pkg.root_type().unwrap();
    assert_eq!(root.id(), "http://odin.com/servicesSelector/globals/2.4");
    assert_eq!(pkg.type_of_service("globals").unwrap().id(), root.id());
    assert_eq!(
        pkg.type_of_service("productInitTask").unwrap().id(),
        "http://odin.com/app/productInitTask/1.1"
    );
    let reg = &pkg.registry;
    // Compatible minor versions resolve; other majors never do.
    assert_eq!(reg.resolve("http://odin.com/servicesSelector/globals/2.0").unwrap().id(), root.id());
    assert_eq!(reg.resolve("http://odin.com/servicesSelector/globals/2.3").unwrap().id(), root.id());
    assert!(reg.resolve("http://odin.com/servicesSelector/globals/2.5").is_none());
    assert!(reg.resolve("http://odin.com/servicesSelector/globals/1.0").is_none());
    assert!(reg.resolve("http://odin.com/servicesSelector/globals/3.0").is_none());
    assert!(reg.implements(root.id(), CORE_APPLICATION));
    assert!(reg.implements(root.id(), CORE_RESOURCE));
    assert!(!reg.implements("http://odin.com/app/tier-config/1.0", CORE_APPLICATION));
    // Inherited members come with the type declaring them.
    let op = reg.find_operation(root.id(), "upgrade").unwrap();
    assert_eq!(op.declared_in.id(), CORE_APPLICATION);
    let prop = reg.find_property("http://odin.com/app/productInitTask/1.0", "rts").unwrap();
    assert_eq!(prop.declared_in.id(), "http://odin.com/app/productInitTask/1.1");
    assert_eq!(prop.item.items.as_ref().unwrap().type_name(), Some("oa_rt"));
    let rel = reg.find_relation("http://odin.com/app/productInitTask/1.1", "globals").unwrap();
    assert!(rel.item.is_required());
    assert_eq!(reg.relation_target(rel.item).unwrap().id(), root.id());
    let access = root.schema.access.as_ref().unwrap();
    assert_eq!(access.get("global"), Some(true));
    let hub = root.schema.property("hub_id").unwrap();
    assert_eq!(hub.access.as_ref().unwrap().get("referrer"), Some(false));
    let health = root.schema.operation("healthCheck").unwrap();
    assert_eq!(health.response.as_ref().unwrap().content_type, None, "null is accepted as absent");
    let tid = TypeId::parse(root.id()).unwrap();
    assert_eq!((tid.base.as_str(), tid.major, tid.minor), ("http://odin.com/servicesSelector/globals", 2, 4));
}

#[test]
fn clean_fixture_counters_relations_and_services() {
    let pkg = clean();
    let reg = &pkg.registry;
    let tenant = pkg.type_of_service("tenants").unwrap();
    let counters = reg.counters(tenant.id());
    let got: Vec<(&str, CounterKind, Option<&str>)> =
        counters.iter().map(|c| (c.property.name.value.as_str(), c.kind, c.unit)).collect();
    assert_eq!(
        got,
        [
            ("users", CounterKind::Counter, Some("unit")),
            ("diskspace", CounterKind::Limit, Some("mb")),
            ("traffic", CounterKind::Usage, Some("kb"))
        ]
    );
    let rels = reg.all_relations(tenant.id());
    let offer = rels.iter().find(|r| r.item.name.value == "offer").unwrap();
    assert_eq!(reg.relation_target(offer.item).unwrap().id(), "http://example.com/aps/clean/offer/1.2");
    assert!(reg.implements(
        "http://example.com/aps/clean/offer/1.2",
        "http://aps-standard.org/types/core/profile/service/1.0"
    ));
    let root = pkg.root_type().unwrap();
    assert!(reg.type_implements(root, aps_model::INIT_WIZARD_CONFIG));
    assert!(reg.find_operation(root.id(), "testConnection").is_some());
    // Inherited structure reference and own structures.
    assert!(reg.find_structure(tenant.id(), "Counter").is_some());
    assert!(reg.find_structure(tenant.id(), "Settings").is_some());
    let props: Vec<&str> =
        reg.all_properties(tenant.id()).iter().map(|p| p.item.name.value.as_str()).collect();
    assert_eq!(props, ["users", "diskspace", "traffic", "settings", "tags"]);
    assert!(matches!(pkg.service_info("tenants").unwrap().ty, ServiceType::Loaded(_)));
    assert_eq!(pkg.display_path("schemas/app.schema"), "clean/schemas/app.schema");
}

#[test]
fn php_services_are_pending_until_a_generated_type_is_added() {
    let mut pkg = corpus("aps_dummy");
    assert!(!pkg.types_complete());
    assert_eq!(pkg.pending_services(), ["apps", "tenants", "dummies"]);
    assert!(pkg.root_type().is_none());
    assert!(pkg.type_of_service("apps").is_none());
    let gen = SourceFile::new(
        "fixtures/corpus/aps/aps_dummy/schemas/apps.schema.gen",
        "// Generated\n// by test\n{\"apsVersion\":\"2.0\",\"name\":\"app\",\"id\":\"http://sorlov.tld/aps/test/app/1.0\",\
         \"implements\":[\"http://aps-standard.org/types/core/application/1.0\"]}",
    );
    let diags = pkg.add_generated_schema_text("apps", &gen);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(pkg.root_type().unwrap().id(), "http://sorlov.tld/aps/test/app/1.0");
    assert_eq!(pkg.type_of_service("apps").unwrap().service(), Some("apps"));
    assert!(matches!(pkg.service_info("apps").unwrap().ty, ServiceType::Generated(_)));
    assert_eq!(pkg.pending_services(), ["tenants", "dummies"]);
    // A second type claiming the same id is refused with both locations.
    let (schema, _) = parse_type_schema(&gen);
    let diags = pkg.add_generated_type("tenants", schema.unwrap());
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code(), "TYP203");
    assert_eq!(diags[0].labels.len(), 1);
}

#[test]
fn empty_homepage_is_kept_with_the_tag_span() {
    let pkg = corpus("office365-adoption");
    let vendor = pkg.meta.vendor.as_ref().unwrap();
    let hp = vendor.homepage.as_ref().unwrap();
    assert_eq!(hp.value, "");
    assert_eq!(pkg.meta.file.slice(hp.span), "<homepage/>");
}

#[test]
fn myweatherdemo_popups_and_match() {
    let pkg = corpus("myweatherdemo");
    let nodes = pkg.meta.nav_nodes();
    assert!(nodes
        .iter()
        .any(|n| n.kind == NavKind::Popup && n.src.as_ref().unwrap().value == "ui/editcompany.js"));
    assert!(pkg.meta.vendor.is_none());
    let m = pkg.meta.upgrade.as_ref().unwrap();
    assert_eq!(m.expr.as_ref().unwrap().to_string(), "version=ge=1.0,release=ge=1");
}

#[test]
fn namespace_prefixes_are_resolved() {
    // The APS namespace under a prefix is the same document.
    let text = "<a:application xmlns:a=\"http://aps-standard.org/ns/2\" xmlns:x=\"urn:ext\"><a:id>http://e.com/p</a:id>\
                <x:ignored/><a:name>P</a:name><a:version>1</a:version><a:release>0</a:release>\
                <a:service id=\"s\"><a:schema path=\"s.schema\"/></a:service></a:application>";
    let (meta, diags) = parse_app_meta(&SourceFile::new("APP-META.xml", text));
    assert!(diags.is_empty(), "{diags:?}");
    let meta = meta.unwrap();
    assert_eq!(meta.id_str(), "http://e.com/p");
    assert_eq!(meta.service("s").unwrap().schema.as_ref().unwrap().value, "s.schema");
}

#[test]
fn mem_source_lints_like_a_folder() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus/aps/cloudblue-connect-extension");
    let disk = DirSource::new(&dir, "pkg");
    let files = disk.files().into_iter().map(|f| (f.clone(), disk.read(&f).unwrap())).collect();
    let mem = MemSource::new("pkg", files);
    let a = aps_model::lint_source(Arc::new(disk));
    let b = aps_model::lint_source(Arc::new(mem));
    let show = |d: &[aps_diag::Diagnostic]| aps_diag::render_json(d);
    assert_eq!(show(&a), show(&b));
}

#[test]
fn find_package_root_walks_up() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pkg/ui/deep")).unwrap();
    std::fs::write(dir.path().join("pkg/APP-META.xml"), "<x/>").unwrap();
    let root = aps_model::find_package_root(&dir.path().join("pkg/ui/deep")).unwrap();
    assert_eq!(std::fs::canonicalize(root).unwrap(), std::fs::canonicalize(dir.path().join("pkg")).unwrap());
    let root = aps_model::find_package_root(&dir.path().join("pkg/APP-META.xml")).unwrap();
    assert_eq!(std::fs::canonicalize(root).unwrap(), std::fs::canonicalize(dir.path().join("pkg")).unwrap());
    assert!(aps_model::find_package_root(dir.path()).is_none() || !dir.path().join("APP-META.xml").exists());
}
