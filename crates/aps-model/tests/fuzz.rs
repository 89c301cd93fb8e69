//! Property test: the XML and schema parsers (and the rules behind them)
//! never panic on mutated real inputs, whatever the mutation.

use aps_diag::SourceFile;
use aps_model::source::MemSource;
use aps_model::{lint_app_meta, lint_schema_file, lint_source};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

const METAS: &[&str] = &[
    include_str!("../../../fixtures/corpus/aps/cloudblue-connect-extension/APP-META.xml"),
    include_str!("../../../fixtures/corpus/aps/aps2-boilerplate/APP-META.xml"),
    include_str!("../../../fixtures/corpus/aps/myweatherdemo/APP-META.xml"),
    include_str!("../../../fixtures/corpus/aps/office365-adoption/APP-META.xml"),
    include_str!("fixtures/clean/APP-META.xml"),
];

const SCHEMAS: &[&str] = &[
    include_str!("../../../fixtures/corpus/aps/cloudblue-connect-extension/schemas/globals.schema"),
    include_str!("../../../fixtures/corpus/aps/cloudblue-connect-extension/schemas/productInitTask.schema"),
    include_str!("fixtures/clean/schemas/tenant.schema.gen"),
    include_str!("fixtures/clean/schemas/app.schema"),
];

/// Tokens that matter to the parsers: inserting them breaks structure in interesting ways.
const TOKENS: &[&str] = &[
    "<",
    ">",
    "/>",
    "</",
    "&",
    ";",
    "&amp;",
    "&#x0;",
    "&lt",
    "\"",
    "'",
    "=",
    "<!DOCTYPE x>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?",
    "?>",
    "xmlns:a=\"\"",
    "a:",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "//",
    "/*",
    "*/",
    "null",
    "true",
    "\\",
    "\\u12",
    "\u{feff}",
    "\u{0}",
    "é",
    "=ge=",
    "(",
    ")",
    "#",
    "../",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, token: usize },
    InsertByte { at: usize, byte: u8 },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::InsertByte { at, byte }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(input: &str, muts: &[Mutation]) -> Vec<u8> {
    let mut b = input.as_bytes().to_vec();
    for m in muts {
        let n = b.len().max(1);
        match *m {
            Mutation::Delete { at, len } => {
                let at = at % n;
                let end = (at + len).min(b.len());
                if at < end {
                    b.drain(at..end);
                }
            }
            Mutation::Insert { at, token } => {
                let at = at % (b.len() + 1);
                b.splice(at..at, TOKENS[token].bytes());
            }
            Mutation::InsertByte { at, byte } => {
                let at = at % (b.len() + 1);
                b.insert(at, byte);
            }
            Mutation::Duplicate { at, len } => {
                let at = at % n;
                let end = (at + len).min(b.len());
                let chunk = b.get(at..end).unwrap_or(&[]).to_vec();
                b.splice(at..at, chunk);
            }
            Mutation::Truncate { at } => b.truncate(at % n),
        }
    }
    b
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn xml_parser_and_meta_rules_never_panic(which in 0..METAS.len(), muts in prop::collection::vec(mutation(), 1..6)) {
        let bytes = apply(METAS[which], &muts);
        let _ = lint_app_meta(&SourceFile::new("APP-META.xml", text(bytes.clone())));
        let _ = aps_model::xml::parse_xml(&SourceFile::new("APP-META.xml", text(bytes)));
    }

    #[test]
    fn schema_parser_and_type_rules_never_panic(which in 0..SCHEMAS.len(), muts in prop::collection::vec(mutation(), 1..6)) {
        let bytes = apply(SCHEMAS[which], &muts);
        let _ = lint_schema_file(&SourceFile::new("x.schema", text(bytes)));
    }

    #[test]
    fn whole_package_lint_never_panics(meta_muts in prop::collection::vec(mutation(), 0..3), schema_muts in prop::collection::vec(mutation(), 0..4)) {
        // The clean package with a mutated APP-META.xml and tenant schema, as raw bytes (non-UTF-8 included).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
        let src = aps_model::DirSource::new(&dir, "clean");
        use aps_model::PackageSource;
        let mut files: BTreeMap<String, Vec<u8>> = src.files().into_iter().map(|f| (f.clone(), src.read(&f).unwrap())).collect();
        files.insert("APP-META.xml".into(), apply(METAS[4], &meta_muts));
        files.insert("schemas/tenant.schema.gen".into(), apply(SCHEMAS[2], &schema_muts));
        let _ = lint_source(Arc::new(MemSource::new("clean", files)));
    }
}
