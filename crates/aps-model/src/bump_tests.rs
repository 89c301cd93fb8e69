use super::*;
use aps_diag::SourceFile;

fn meta(version: &str, release: &str) -> AppMeta {
    let text = format!(
        "<?xml version=\"1.0\"?>\n<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2.0\">\n  \
         <id>http://example.com/app</id>\n  <name>App</name>\n  <version>{version}</version>\n  \
         <release>{release}</release>\n</application>\n"
    );
    crate::parse_app_meta(&SourceFile::new("APP-META.xml", text)).0.expect("parses")
}

fn next(version: &str, release: &str, part: Part) -> (String, String) {
    let b = bump(&meta(version, release), part).expect("bumps");
    (b.version, b.release)
}

#[test]
fn each_part_moves_and_the_lower_ones_restart() {
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(next("1.2.3", "4", Part::Major), s("2.0.0", "1"));
    assert_eq!(next("1.2.3", "4", Part::Minor), s("1.3.0", "1"));
    assert_eq!(next("1.2.3", "4", Part::Patch), s("1.2.4", "1"));
    assert_eq!(next("1.2.3", "4", Part::Release), s("1.2.3", "5"));
    assert_eq!(next("1.2", "9", Part::Patch), s("1.2.1", "1"));
    assert_eq!(next("26", "0", Part::Minor), s("26.1", "1"));
    assert_eq!(next("1.0", "1.9", Part::Release), s("1.0", "1.10"));
}

#[test]
fn only_the_two_values_change() {
    let m = meta(" 1.9 ", "3");
    let b = bump(&m, Part::Minor).expect("bumps");
    assert_eq!(
        b.text,
        m.file.text().replace("<version> 1.9 </version>", "<version> 1.10 </version>").replace(">3<", ">1<")
    );
}

#[test]
fn values_it_cannot_count_are_refused_with_a_reason() {
    let e = bump(&meta("%PRODUCT_VERSION%", "1"), Part::Major).unwrap_err();
    assert_eq!(e, BumpError::NotNumeric { element: "version", value: "%PRODUCT_VERSION%".into() });
    assert!(e.help().contains("build script"));
    assert!(matches!(bump(&meta("1.0-beta", "1"), Part::Patch), Err(BumpError::NotNumeric { .. })));
    assert!(matches!(bump(&meta("1.0", "+1"), Part::Release), Err(BumpError::NotNumeric { .. })));
    assert!(matches!(bump(&meta("1&#46;0", "1"), Part::Major), Err(BumpError::NotPlainText { .. })));
    assert_eq!(bump(&meta("1.0", ""), Part::Major).unwrap_err(), BumpError::Missing { element: "release" });
}

#[test]
fn numbers_at_or_past_the_limit_are_refused_as_too_large() {
    let max = u64::MAX.to_string();
    let e = bump(&meta(&format!("1.{max}"), "1"), Part::Minor).unwrap_err();
    assert_eq!(e, BumpError::TooLarge { element: "version", value: format!("1.{max}") });
    assert!(e.to_string().contains("too large to count up from"), "{e}");
    assert!(e.help().contains("by hand"), "{}", e.help());
    let e = bump(&meta("1.0", &max), Part::Release).unwrap_err();
    assert_eq!(e, BumpError::TooLarge { element: "release", value: max.clone() });
    let e = bump(&meta("1.0", "99999999999999999999999"), Part::Release).unwrap_err();
    assert!(matches!(e, BumpError::TooLarge { element: "release", .. }), "{e:?}");
    // Below the limit a part still moves; a lower part at the limit restarts at zero.
    assert_eq!(next(&format!("1.{max}"), "1", Part::Major), ("2.0".to_string(), "1".to_string()));
}
