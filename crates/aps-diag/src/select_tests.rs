use super::*;
use crate::{Group, Severity};

static W101: Rule = Rule::new("WIZ101", "first-wizard", Group::Wizard, Severity::Error, "a", " A.\n");
static W131: Rule =
    Rule::new("WIZ131", "missing-template-entry", Group::Wizard, Severity::Error, "b", " B.\n");
static W201: Rule = Rule::new("WIZ201", "other-wizard", Group::Wizard, Severity::Warning, "c", " C.\n");
static A101: Rule = Rule::new("APS101", "package-thing", Group::Package, Severity::Error, "d", " D.\n");

fn rules() -> RuleSet {
    let mut set = RuleSet::new();
    set.extend(&[&W101, &W131, &W201, &A101]);
    set
}

fn layer(rules: &RuleSet, select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> SelectionLayer {
    SelectionLayer {
        select: select.map(|s| rules.selectors(s.iter().copied()).unwrap()),
        extend_select: rules.selectors(extend.iter().copied()).unwrap(),
        ignore: rules.selectors(ignore.iter().copied()).unwrap(),
    }
}

fn run(layers: &[SelectionLayer]) -> Vec<&'static str> {
    let rules = rules();
    let mut set = all_codes(&rules);
    for l in layers {
        set = l.apply(&rules, &set);
    }
    set.into_iter().collect()
}

#[test]
fn selectors_name_codes_names_prefixes_groups_and_all() {
    let r = rules();
    let count = |s: &str| r.matching(&r.selector(s).unwrap()).count();
    assert_eq!(count("WIZ131"), 1);
    assert_eq!(count("wiz131"), 1);
    assert_eq!(count("missing-template-entry"), 1);
    assert_eq!(count("WIZ1"), 2);
    assert_eq!(count("WIZ"), 3);
    assert_eq!(count("wizard"), 3);
    assert_eq!(count("ALL"), 4);
    let err = r.selector("WIZ9").unwrap_err();
    assert_eq!(err.message, "unknown rule, prefix or group `WIZ9`");
    let err = r.selector("wizrd").unwrap_err();
    assert_eq!(err.help.as_deref(), Some("did you mean `wizard`?"));
    assert!(r
        .selector("missing-template-entri")
        .unwrap_err()
        .help
        .unwrap()
        .contains("missing-template-entry"));
    assert_eq!(r.selectors(["WIZ1, APS", ""]).unwrap().len(), 2);
}

#[test]
fn select_replaces_extend_adds_ignore_removes() {
    let r = rules();
    assert_eq!(run(&[layer(&r, Some(&["WIZ"]), &[], &[])]), ["WIZ101", "WIZ131", "WIZ201"]);
    assert_eq!(run(&[layer(&r, Some(&["WIZ1"]), &["APS"], &[])]), ["APS101", "WIZ101", "WIZ131"]);
    assert_eq!(run(&[layer(&r, None, &[], &["wizard"])]), ["APS101"]);
}

#[test]
fn the_more_specific_selector_wins_and_ignore_wins_a_tie() {
    let r = rules();
    // A code beats its prefix, whichever side each is on.
    assert_eq!(run(&[layer(&r, Some(&["WIZ131"]), &[], &["WIZ"])]), ["WIZ131"]);
    assert_eq!(run(&[layer(&r, Some(&["WIZ"]), &[], &["WIZ131"])]), ["WIZ101", "WIZ201"]);
    // A longer prefix beats a shorter one, a prefix beats a group.
    assert_eq!(run(&[layer(&r, Some(&["WIZ1"]), &[], &["WIZ"])]), ["WIZ101", "WIZ131"]);
    assert_eq!(run(&[layer(&r, Some(&["WIZ2"]), &[], &["wizard"])]), ["WIZ201"]);
    assert_eq!(run(&[layer(&r, Some(&["WIZ"]), &[], &["WIZ"])]), Vec::<&str>::new());
}

#[test]
fn a_later_layer_starts_from_the_earlier_unless_it_selects() {
    let r = rules();
    let config = layer(&r, Some(&["WIZ"]), &[], &["WIZ131"]);
    assert_eq!(run(&[config.clone(), layer(&r, None, &["WIZ131"], &[])]), ["WIZ101", "WIZ131", "WIZ201"]);
    assert_eq!(run(&[config.clone(), layer(&r, None, &[], &["WIZ2"])]), ["WIZ101"]);
    assert_eq!(run(&[config, layer(&r, Some(&["APS"]), &[], &[])]), ["APS101"]);
}
