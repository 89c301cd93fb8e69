//! Generated files must match the code (run `cargo xtask codegen` to refresh them).

#[test]
fn codegen_is_fresh() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for (rel, content) in aps_pack::codegen::generated_files() {
        let current = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
        if current != content {
            stale.push(rel);
        }
    }
    assert!(stale.is_empty(), "stale generated files, run `cargo xtask codegen`: {stale:?}");
}

#[test]
fn rule_codes_are_unique_and_documented() {
    let rules = aps_pack::registry();
    let well_formed = |c: &str| {
        c.len() == 6
            && c[..3].chars().all(|c| c.is_ascii_uppercase())
            && c[3..].chars().all(|c| c.is_ascii_digit())
    };
    let mut names = std::collections::HashSet::new();
    for r in rules.iter() {
        assert!(well_formed(r.code), "rule code {} is not of the form ABC123", r.code);
        assert!(names.insert(r.name), "duplicate rule name {}", r.name);
        assert!(!r.docs.trim().is_empty(), "rule {} has no documentation", r.code);
        assert!(
            r.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "rule name {} is not kebab-case",
            r.name
        );
    }
}
