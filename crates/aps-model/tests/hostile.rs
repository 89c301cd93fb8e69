//! Hostile and broken input: every case ends in a diagnostic, never a panic
//! or a hang, and nothing is expanded.

use aps_diag::{render_human, Diagnostic, HumanOptions, Severity, SourceFile};
use aps_model::source::MemSource;
use aps_model::{lint_app_meta, lint_schema_file, load_package, DirSource, PackageSource};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn render(diags: &[Diagnostic]) -> String {
    render_human(diags, &HumanOptions { summary: false, ..HumanOptions::default() })
}

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code()).collect()
}

fn meta(text: &str) -> Vec<Diagnostic> {
    lint_app_meta(&SourceFile::new("APP-META.xml", text))
}

const CORPUS_META: &str =
    include_str!("../../../fixtures/corpus/aps/cloudblue-connect-extension/APP-META.xml");

#[test]
fn malformed_xml_says_where_and_what_was_expected() {
    let cases = [
        ("mismatched", "<application xmlns=\"http://aps-standard.org/ns/2\">\n  <name>Demo</nam>\n</application>\n"),
        ("truncated", "<application xmlns=\"http://aps-standard.org/ns/2\">\n  <name>Demo</name>\n"),
        ("unclosed-tag", "<application xmlns=\"http://aps-standard.org/ns/2\">\n  <name"),
        ("unquoted", "<application xmlns=\"http://aps-standard.org/ns/2\" version=2.0>\n</application>\n"),
        ("stray-amp", "<application xmlns=\"http://aps-standard.org/ns/2\">\n  <name>A & B</name>\n</application>\n"),
        ("unknown-entity", "<application xmlns=\"http://aps-standard.org/ns/2\">\n  <name>A&nbsp;B</name>\n</application>\n"),
        ("two-roots", "<application xmlns=\"http://aps-standard.org/ns/2\"/>\n<application/>\n"),
        ("text-before-root", "hello <application xmlns=\"http://aps-standard.org/ns/2\"/>\n"),
        ("unbound-prefix", "<application xmlns=\"http://aps-standard.org/ns/2\">\n  <x:id/>\n</application>\n"),
        ("duplicate-attribute", "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"1\" version=\"2\"/>\n"),
        ("empty", ""),
        ("stray-close", "<application xmlns=\"http://aps-standard.org/ns/2\"/>\n</application>\n"),
        ("lt-in-attribute", "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"<2\"/>\n"),
        ("bad-char-ref", "<application xmlns=\"http://aps-standard.org/ns/2\"><name>&#0;</name></application>\n"),
        ("latin1-declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<application xmlns=\"http://aps-standard.org/ns/2\"/>\n"),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        let diags = meta(text);
        assert!(
            diags.iter().any(|d| d.code().starts_with("XML")),
            "{name}: expected an XML diagnostic, got {:?}",
            codes(&diags)
        );
        out.push_str(&format!("### {name}\n{}\n", render(&diags)));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn doctype_and_billion_laughs_are_refused_without_expansion() {
    let mut laughs = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n  <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        laughs.push_str(&format!("  <!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    laughs.push_str(
        "]>\n<application xmlns=\"http://aps-standard.org/ns/2\"><name>&lol9;</name></application>\n",
    );
    let start = Instant::now();
    let diags = meta(&laughs);
    assert!(start.elapsed() < Duration::from_secs(2));
    assert_eq!(codes(&diags), ["XML002"]);
    // External entities are refused the same way, without any file access.
    let xxe = "<!DOCTYPE a [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n<application xmlns=\"http://aps-standard.org/ns/2\">&x;</application>";
    assert_eq!(codes(&meta(xxe)), ["XML002"]);
    insta::assert_snapshot!(render(&diags));
}

#[test]
fn ten_megabytes_of_nesting_is_a_diagnostic() {
    let depth = 10 * 1024 * 1024 / 3;
    let text = "<a>".repeat(depth);
    let start = Instant::now();
    let diags = meta(&text);
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(codes(&diags), ["XML004"]);
    // The same in a schema.
    let json = "[".repeat(10 * 1024 * 1024);
    let diags = lint_schema_file(&SourceFile::new("deep.schema", json));
    assert_eq!(codes(&diags), ["JSN003"]);
}

#[test]
fn truncated_corpus_metadata_never_panics_and_always_errs() {
    for cut in (0..CORPUS_META.len()).step_by(37) {
        if !CORPUS_META.is_char_boundary(cut) {
            continue;
        }
        let diags = meta(&CORPUS_META[..cut]);
        assert!(
            diags.iter().any(|d| d.severity == Severity::Error),
            "cut at {cut}: no error for a truncated file: {:?}",
            codes(&diags)
        );
    }
}

#[test]
fn truncated_schema_never_panics_and_errs() {
    let schema = include_str!(
        "../../../fixtures/corpus/aps/cloudblue-connect-extension/schemas/productInitTask.schema"
    );
    for cut in 0..schema.len() - 1 {
        let diags = lint_schema_file(&SourceFile::new("s.schema", &schema[..cut]));
        assert!(diags.iter().any(|d| d.severity == Severity::Error), "cut at {cut}");
    }
}

fn mem(files: &[(&str, &[u8])]) -> Arc<dyn PackageSource> {
    let map: BTreeMap<String, Vec<u8>> = files.iter().map(|(k, v)| (k.to_string(), v.to_vec())).collect();
    Arc::new(MemSource::new("pkg", map))
}

#[test]
fn non_utf8_metadata_is_reported() {
    let mut bytes = b"<application xmlns=\"http://aps-standard.org/ns/2\"><name>Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"</name></application>");
    let (pkg, diags) = load_package(mem(&[("APP-META.xml", &bytes)]));
    assert!(pkg.is_none());
    assert_eq!(codes(&diags), ["SRC001"]);
    let schema = [b'{', b'"', 0xFF, b'"', b':', b'1', b'}'];
    let meta = b"<application xmlns=\"http://aps-standard.org/ns/2\"><service id=\"a\"><schema path=\"s.schema\"/></service></application>";
    let (_, diags) = load_package(mem(&[("APP-META.xml", meta), ("s.schema", &schema)]));
    assert!(codes(&diags).contains(&"SRC001"), "{:?}", codes(&diags));
    insta::assert_snapshot!(render(&diags));
}

#[test]
fn hundred_megabyte_metadata_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let f = std::fs::File::create(dir.path().join("APP-META.xml")).unwrap();
    // Sparse: creating it costs nothing, reading it would cost 100 MB.
    f.set_len(100 * 1024 * 1024).unwrap();
    let start = Instant::now();
    let (pkg, diags) = load_package(Arc::new(DirSource::new(dir.path(), "big")));
    assert!(start.elapsed() < Duration::from_secs(1), "took {:?}", start.elapsed());
    assert!(pkg.is_none());
    assert_eq!(codes(&diags), ["SRC002"]);
    assert_eq!(diags[0].display_path(), Some("big/APP-META.xml"));
}

#[test]
fn aps1_package_is_one_clear_error() {
    let text = "<?xml version=\"1.0\"?>\n<application xmlns=\"http://apstandard.com/ns/1\" version=\"1.2\">\n  <name>Old</name>\n  <version>1.0</version>\n  <requirements/>\n</application>\n";
    let diags = meta(text);
    assert_eq!(codes(&diags), ["APS101"]);
    insta::assert_snapshot!(render(&diags));
}

#[test]
fn symlink_out_of_the_package_is_not_followed() {
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.schema"), "{}").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("APP-META.xml"),
            "<application xmlns=\"http://aps-standard.org/ns/2\"><service id=\"a\"><schema path=\"s.schema\"/></service></application>",
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.schema"), dir.path().join("s.schema"))
            .unwrap();
        let src = DirSource::new(dir.path(), "pkg");
        assert!(!src.exists("s.schema"));
        assert!(src.read("s.schema").is_err());
        assert!(!src.files().contains(&"s.schema".to_string()));
        let (pkg, _) = load_package(Arc::new(src));
        assert!(pkg.unwrap().service_info("a").unwrap().schema().is_none());
    }
}

#[test]
fn wide_input_stays_linear() {
    // 200k attributes on one tag, 200k sibling views: no quadratic step may hang on them.
    let mut tag = String::from("<application xmlns=\"http://aps-standard.org/ns/2\"");
    for i in 0..200_000 {
        tag.push_str(&format!(" a{i}=\"v\""));
    }
    tag.push_str(" a7=\"again\"/>");
    let start = Instant::now();
    let diags = meta(&tag);
    assert_eq!(codes(&diags), ["XML001"]);
    let mut nav = String::from(
        "<application xmlns=\"http://aps-standard.org/ns/2\"><presentation><navigation id=\"n\" label=\"n\">",
    );
    for i in 0..200_000 {
        nav.push_str(&format!("<view id=\"v{i}\" label=\"v\"/>"));
    }
    nav.push_str("</navigation></presentation></application>");
    let (m, _) = aps_model::parse_app_meta(&SourceFile::new("APP-META.xml", nav));
    let m = m.unwrap();
    let tree = &m.presentation.as_ref().unwrap().navigation[0];
    assert_eq!(tree.children.len(), 200_000);
    assert_eq!(tree.children[1].id.as_ref().unwrap().value, "v1");
    assert!(start.elapsed() < Duration::from_secs(20), "took {:?}", start.elapsed());
}

/// Characters outside XML 1.0's `Char` production are errors with their line
/// and column, raw or as character references; the allowed edges pass.
#[test]
fn characters_outside_xml_1_0_are_errors_with_line_and_column() {
    let doc = |inner: &str| {
        format!("<application xmlns=\"http://aps-standard.org/ns/2\">\n  <name>a{inner}b</name>\n</application>\n")
    };
    for (what, inner) in [
        ("raw U+0000", "\u{0}"),
        ("raw U+0001", "\u{1}"),
        ("raw U+001F", "\u{1f}"),
        ("raw U+FFFE", "\u{fffe}"),
        ("raw U+FFFF", "\u{ffff}"),
        ("reference &#1;", "&#1;"),
        ("reference &#x0;", "&#x0;"),
        ("reference &#xFFFE;", "&#xFFFE;"),
        ("reference &#65535;", "&#65535;"),
        ("reference &#xD800;", "&#xD800;"),
        ("reference &#x110000;", "&#x110000;"),
    ] {
        let diags = meta(&doc(inner));
        let d = diags
            .iter()
            .find(|d| d.code() == "XML001")
            .unwrap_or_else(|| panic!("{what}: no XML001 in {:?}", codes(&diags)));
        let lc = d.line_col().expect("has a position");
        assert_eq!((lc.line, lc.column), (2, 10), "{what}: {}", render(&diags));
        assert_eq!(d.severity, Severity::Error, "{what}");
    }
    // In an attribute value, and before the root, too.
    let diags = meta("<application xmlns=\"http://aps-standard.org/ns/2\" version=\"2\u{1}\"/>\n");
    assert!(codes(&diags).contains(&"XML001"), "{}", render(&diags));
    let diags = meta("\u{0}<application xmlns=\"http://aps-standard.org/ns/2\"/>\n");
    assert!(codes(&diags).contains(&"XML001"), "{}", render(&diags));
    insta::assert_snapshot!(render(&meta(&doc("\u{fffe}"))));
    // The edges that are allowed.
    for inner in [
        "\t",
        "\r\n",
        "\u{20}",
        "\u{d7ff}",
        "\u{e000}",
        "\u{fffd}",
        "\u{10000}",
        "\u{10ffff}",
        "&#9;",
        "&#xFFFD;",
        "&#x10FFFF;",
    ] {
        let diags = meta(&doc(inner));
        assert!(!codes(&diags).contains(&"XML001"), "{inner:?}: {}", render(&diags));
    }
}

/// Character references follow the XML grammar (`&#[0-9]+;`, `&#x[0-9a-fA-F]+;`):
/// any count of digits, leading zeros included, and no sign. Earlier a long
/// zero-padded reference was refused and a signed hexadecimal one accepted.
#[test]
fn character_references_follow_the_xml_grammar() {
    let doc = |inner: &str| {
        format!(
            "<application xmlns=\"http://aps-standard.org/ns/2\" version=\"{inner}\">\n  <name>a{inner}b</name>\n</application>\n"
        )
    };
    for inner in ["&#x0000000041;", "&#000000000065;"] {
        let diags = meta(&doc(inner));
        assert!(!codes(&diags).contains(&"XML001"), "{inner}: {}", render(&diags));
        let file = Arc::new(SourceFile::new("m.xml", doc(inner)));
        let (tree, _) = aps_model::xml::parse_xml(&file);
        let root = tree.expect("well-formed").root;
        assert_eq!(root.attr("version").map(|a| a.value.as_str()), Some("A"), "{inner}");
        assert_eq!(root.elements().next().map(|e| e.text()), Some("aAb".to_string()), "{inner}");
    }
    for inner in ["&#x+41;", "&#+65;", "&#x-41;"] {
        let diags = meta(&doc(inner));
        assert!(codes(&diags).contains(&"XML001"), "{inner}: {}", render(&diags));
    }
}
