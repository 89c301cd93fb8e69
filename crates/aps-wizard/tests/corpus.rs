//! The three real wizard files of the corpus lint without errors, alone and
//! in the context of their packages (whose types are defined in PHP: the
//! checks that need them say so once, as info).

use aps_diag::{HumanOptions, Severity};
use aps_wizard::{lint_wizard, PackageContext};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const PACKAGES: [&str; 3] = ["aps2-boilerplate", "aps_dummy", "office365-adoption"];

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus/aps").join(name)
}

fn lint(name: &str, with_package: bool) -> Vec<aps_diag::Diagnostic> {
    let root = corpus(name);
    let bytes = std::fs::read(root.join("scripts/wizard_data.json")).unwrap();
    let (file, parsed) = aps_json::parse_bytes(
        &format!("{name}/scripts/wizard_data.json"),
        bytes,
        &aps_json::Options::default(),
    );
    assert!(parsed.diagnostics.is_empty(), "{name}: parse problems");
    let value = parsed.value.unwrap();
    assert!(aps_wizard::is_wizard_file(Path::new("scripts/wizard_data.json"), &value));
    let package = with_package.then(|| {
        let source = Arc::new(aps_model::DirSource::new(&root, name));
        let (pkg, _) = aps_model::load_package(source);
        pkg.expect("the corpus package loads")
    });
    let mut diags = lint_wizard(&file, &value, package.as_ref().map(|p| p as &dyn PackageContext));
    aps_diag::sort_diagnostics(&mut diags);
    diags
}

fn render(diags: &[aps_diag::Diagnostic]) -> String {
    aps_diag::render_human(diags, &HumanOptions { color: false, unicode: true, width: 100, summary: true })
}

#[test]
fn corpus_files_are_clean_standalone() {
    for name in PACKAGES {
        let diags = lint(name, false);
        assert!(diags.is_empty(), "{name}:\n{}", render(&diags));
    }
}

#[test]
fn corpus_files_have_no_errors_in_their_package() {
    for name in PACKAGES {
        let diags = lint(name, true);
        assert!(!diags.iter().any(|d| d.severity > Severity::Info), "{name}:\n{}", render(&diags));
        // Exactly one info: the PHP-defined types, said once per file.
        let infos: Vec<_> = diags.iter().filter(|d| d.rule.code == "WIZ190").collect();
        assert_eq!(infos.len(), 1, "{name}:\n{}", render(&diags));
        assert_eq!(diags.len(), 1, "{name}:\n{}", render(&diags));
        insta::assert_snapshot!(format!("corpus-{name}"), render(&diags));
    }
}
