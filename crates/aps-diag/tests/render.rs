use aps_diag::*;

pub static TEST_RULE: Rule =
    Rule::new("TST001", "test-rule", Group::Test, Severity::Error, "a test rule", " Test rule.\n");
pub static TEST_WARN: Rule =
    Rule::new("TST002", "test-warn", Group::Test, Severity::Warning, "a test warning", " Another.\n");

fn sample() -> Vec<Diagnostic> {
    let file = SourceFile::new(
        "pkg/scripts/wizard_data.json",
        "{\n  \"resclass\": \"rc.saas.service\",\n  \"id\": 5\n}\n",
    );
    let start = file.text().find("\"resclass\"").unwrap();
    let id = file.text().find('5').unwrap();
    let mut d = vec![
        Diagnostic::new(&TEST_WARN, "unknown key `resclass`")
            .at(&file, Span::new(start, start + 10))
            .with_label("not a key of a resource type")
            .with_help("did you mean `resClass`?"),
        Diagnostic::new(&TEST_RULE, "resource type id 5 is positive")
            .at(&file, Span::new(id, id + 1))
            .with_label("expected a negative integer")
            .with_note("positive ids may collide with platform ids"),
        Diagnostic::new(&TEST_RULE, "schema file is missing").at_path("pkg/schemas/app.schema"),
    ];
    sort_diagnostics(&mut d);
    d
}

#[test]
fn human_snapshot() {
    insta::assert_snapshot!(render_human(&sample(), &HumanOptions::default()));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(render_json(&sample()));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!(render_sarif(&sample(), "0.0.0-test"));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(render_github(&sample()));
}

#[test]
fn line_col_counts_chars() {
    let f = SourceFile::new("x", "ab\nçd€x\n");
    let off = f.text().find('x').unwrap();
    assert_eq!(f.line_col(off), LineCol { line: 2, column: 4 });
    assert_eq!(f.offset_of(2, 4), Some(off));
    // Past the end and inside a multi-byte char are clamped, never a panic.
    assert_eq!(f.line_col(10_000).line, 3);
    let inside = f.text().find('€').unwrap() + 1;
    assert_eq!(f.line_col(inside).column, 3);
}

#[test]
fn overrides_regrade_and_drop() {
    let mut rules = RuleSet::new();
    rules.extend(&[&TEST_RULE, &TEST_WARN]);
    let mut o = SeverityOverrides::default();
    o.set_from_arg(&rules, "TST002=error").unwrap();
    o.set_from_arg(&rules, "test-rule=off").unwrap();
    let out = o.apply(sample());
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].severity, Severity::Error);
    let err = o.set_from_arg(&rules, "TST00=warn").unwrap_err();
    assert_eq!(err.help.as_deref(), Some("did you mean `TST001`?"));
    assert!(o.set_from_arg(&rules, "TST001").is_err());
}

#[test]
fn markdown_has_every_rule() {
    let mut rules = RuleSet::new();
    rules.extend(&[&TEST_RULE, &TEST_WARN]);
    let md = rules.to_markdown();
    assert!(md.contains("## TST001") && md.contains("## TST002"));
}

#[test]
fn very_long_lines_are_not_printed_whole() {
    let long = format!("{{\"a\": \"{}\", \"b\": x}}", "y".repeat(50_000));
    let file = SourceFile::new("min.json", long.clone());
    let at = long.find(", \"b\"").unwrap();
    let d = vec![Diagnostic::new(&TEST_RULE, "bad value").at(&file, Span::new(at + 7, at + 8))];
    let out = render_human(&d, &HumanOptions::default());
    assert!(out.len() < 1000, "{} bytes printed", out.len());
    assert!(out.contains("min.json:1:50016]"), "{out}");
    assert!(out.contains("…yyy") && out.contains("\", \"b\": x}"), "{out}");

    // In the middle of a long line, between other long lines: each line is
    // cut to a bounded width, the labelled one around its label.
    let middle = format!(
        "{{\n  \"a\": \"{}\",\n  \"b\": [{}tru, {}]\n}}\n",
        "z".repeat(10_000),
        "1, ".repeat(5_000),
        "2, ".repeat(5_000)
    );
    let file = SourceFile::new("mid.json", middle.clone());
    let at = middle.find("tru").unwrap();
    let d = vec![Diagnostic::new(&TEST_RULE, "unknown literal")
        .at(&file, Span::new(at, at + 3))
        .with_label("expected true, false or null")];
    let out = render_human(&d, &HumanOptions::default());
    assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");
    assert!(out.contains("mid.json:3:15009]"), "{out}");
    insta::assert_snapshot!("long_line_cut_around_the_span", out);
}
