use super::*;

fn parse_str(text: &str) -> (Config, Vec<Diagnostic>) {
    let file = SourceFile::new("aps-pack.toml", text);
    let mut diags = Vec::new();
    let mut rules = RuleSet::new();
    rules.extend(aps_json::rules::ALL).extend(crate::rules::ALL);
    let c = parse(&file, &rules, &mut diags);
    (c, diags)
}

#[test]
fn the_generated_schema_compiles() {
    assert!(compiled_schema().raw().get("properties").is_some());
}

#[test]
fn reads_every_section() {
    let (c, d) = parse_str(
        "[package]\nwizard = \"scripts/w.json\"\n[rules]\nJSN002 = \"warning\"\n[build]\nexclude = [\"tests/**\"]\n\
         [sign]\npassword-env = \"PW\"\n[zstack]\napp-id = \"a.b\"\narch = [\"x86_64\"]\n",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.package.wizard.as_deref(), Some("scripts/w.json"));
    assert_eq!(c.rules.get("JSN002"), Some(&RuleLevel::Warning));
    assert_eq!(c.build.exclude, vec!["tests/**".to_string()]);
    assert_eq!(c.sign.password_env.as_deref(), Some("PW"));
    assert_eq!(c.zstack.app_id.as_deref(), Some("a.b"));
}

#[test]
fn unknown_keys_get_suggestions() {
    let (_, d) = parse_str("[build]\nexlude = []\n[sgin]\n");
    let msgs: Vec<_> = d.iter().map(|d| (d.code(), d.message.clone(), d.help.clone())).collect();
    assert_eq!(msgs[0].0, "CFG002");
    assert_eq!(msgs[0].2.as_deref(), Some("did you mean `exclude`?"));
    assert_eq!(msgs[1].2.as_deref(), Some("did you mean `sign`?"));
}

#[test]
fn bad_values_and_rules_are_reported() {
    let (_, d) = parse_str("[rules]\nJSN02 = \"warning\"\n");
    assert_eq!(d[0].code(), "CFG003");
    assert_eq!(d[0].help.as_deref(), Some("did you mean `JSN002`?"));
    let (_, d) = parse_str("[rules]\nJSN002 = \"loud\"\n");
    assert_eq!(d[0].code(), "CFG001");
    let (_, d) = parse_str("[build\n");
    assert_eq!(d[0].code(), "CFG001");
    assert!(d[0].line_col().is_some());
}

#[test]
fn selections_are_read_and_unknown_selectors_reported_where_written() {
    let (c, d) = parse_str(
        "[lint]\nselect = [\"JSN\", \"syntax\"]\nextend-select = [\"CFG003\"]\nignore = [\"JSN0\"]\n",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(c.lint.select, Some(vec!["JSN".to_string(), "syntax".to_string()]));
    assert_eq!(c.lint.extend_select, ["CFG003"]);
    assert_eq!(c.lint.ignore, ["JSN0"]);
    let (_, d) = parse_str("[lint]\nignore = [\"JSN\", \"sintax\"]\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code(), "CFG003");
    assert_eq!(d[0].message, "unknown rule, prefix or group `sintax`");
    assert_eq!(d[0].help.as_deref(), Some("did you mean `syntax`?"));
    let at = d[0].line_col().unwrap();
    assert_eq!((at.line, at.column), (2, 18));
}
