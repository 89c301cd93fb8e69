use super::*;
use crate::{Diagnostic, Rule};

static RULE: Rule = Rule {
    code: "TST001",
    name: "test-rule",
    group: crate::Group::Package,
    default_severity: crate::Severity::Warning,
    summary: "a test rule",
    docs: "",
};

fn with(fix: Fix) -> Diagnostic {
    Diagnostic::new(&RULE, "m").with_fix(fix)
}

#[test]
fn rename_keeps_quotes_and_plan_applies_non_overlapping_fixes_once() {
    let file = SourceFile::new("w.json", "{ \"resclass\": \"tenantz\" }");
    let a = Fix::rename(&file, Span::new(2, 12), "resClass");
    assert!(matches!(&a.changes[0], Change::Edit { edit, .. } if edit.replacement == "\"resClass\""));
    let b = Fix::rename(&file, Span::new(14, 23), "tenants");
    let overlapping = Fix::rename(&file, Span::new(3, 5), "x");
    let plan = plan(&[with(a), with(overlapping), with(b)]);
    assert_eq!(plan.fixes, 2);
    assert_eq!(plan.files.len(), 1);
    assert_eq!(plan.files[0].after.as_deref(), Some("{ \"resClass\": \"tenants\" }"));
}

#[test]
fn unsafe_fixes_are_not_planned_and_whole_file_changes_exclude_edits() {
    let file = SourceFile::new("a.gen", "old");
    let mut guess = Fix::rename(&file, Span::new(0, 3), "new");
    guess.applicability = Applicability::Unsafe;
    let write = Fix::write("Regenerate", "a.gen", "fresh".into());
    let edit = Fix::rename(&file, Span::new(0, 1), "x");
    let p = plan(&[with(guess), with(write), with(edit), with(Fix::remove("Remove", "L.xml"))]);
    assert_eq!(p.fixes, 2);
    let got: Vec<(&str, Option<&str>)> =
        p.files.iter().map(|f| (f.path.as_str(), f.after.as_deref())).collect();
    assert_eq!(got, [("L.xml", None), ("a.gen", Some("fresh"))]);
}
