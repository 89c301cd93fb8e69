//! Every APS 2 package of the real-world corpus lints without errors.

use aps_diag::{render_human, HumanOptions, Severity};
use aps_model::{lint_source, DirSource};
use std::path::Path;
use std::sync::Arc;

fn corpus_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/corpus/aps")
}

#[test]
fn corpus_packages_lint_without_errors() {
    let mut dirs: Vec<_> = std::fs::read_dir(corpus_dir()).unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    assert!(dirs.len() >= 5, "corpus missing");
    let mut report = String::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let display = format!("fixtures/corpus/aps/{name}");
        let diags = lint_source(Arc::new(DirSource::new(&dir, display)));
        let errors: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
        let rendered = render_human(&diags, &HumanOptions::default());
        assert!(errors.is_empty(), "{name} has errors:\n{rendered}");
        report.push_str(&format!("## {name}\n{rendered}\n"));
    }
    insta::assert_snapshot!(report);
}
