//! The reader never panics, whatever the script: real-looking PHP mutated at
//! random (PHP's significant characters inserted, bytes deleted and
//! replaced, text cut short), and arbitrary text. Every diagnostic's span
//! must also lie inside the file.

use aps_diag::{render_human, HumanOptions, SourceFile};
use proptest::prelude::*;

const SEEDS: &[&str] = &[
    include_str!("fixtures/rules/clean.php"),
    include_str!("fixtures/rules/PHP002_malformed_annotation.php"),
    include_str!("fixtures/rules/PHP006_ineffective_annotation.php"),
    include_str!("fixtures/rules/PHP009_unknown_structure.php"),
    include_str!("../../../fixtures/php-packages/aps2-boilerplate/scripts/vpses.php"),
    include_str!("../../../fixtures/php-packages/aps2-boilerplate/scripts/apps.php"),
    "<?php $a = <<<EOT\n{$x[\"}\"]}\nEOT;\n/** @type(\"x\") */ class a { public $b = [1, 'x' => [true]]; function f($x = \"{\") {} }",
    "<html><?= 1 ?> <?php # c ?> x <?php namespace N { #[A([1])] final class C extends \\APS\\Structure {} }",
];

/// Fragments that open or close PHP constructs.
const PIECES: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "'",
    "`",
    "/*",
    "*/",
    "/**",
    "//",
    "#",
    "#[",
    "?>",
    "<?php",
    "<<<EOT\n",
    "\nEOT;",
    "<<<'X'\n",
    "$",
    "${",
    "{$",
    "\\",
    "@type(",
    "@link(\"",
    "[]\")",
    "@option(",
    "@verb(GET)",
    "@param(",
    "@return(",
    ",",
    "\n",
    " * ",
    "class ",
    "function ",
    "extends ",
    "public $x = ",
    "static ",
    "namespace ",
    "é",
    "\u{0}",
    "😀",
    "= array(",
    "=> ",
    "-",
    "0x",
    "1e",
    ".",
    "\r\n",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    Replace(usize, u8),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..PIECES.len()).prop_map(|(at, p)| Edit::Insert(at, p)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Replace(at, b)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(seed: &str, edits: &[Edit]) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for e in edits {
        let len = bytes.len().max(1);
        match *e {
            Edit::Insert(at, p) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, PIECES[p].bytes());
            }
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Replace(at, b) => {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = b;
                }
            }
            Edit::Truncate(at) => bytes.truncate(at % len),
        }
    }
    bytes
}

fn check(bytes: Vec<u8>) {
    let (file, _) = SourceFile::from_bytes("scripts/fuzz.php", bytes);
    let other = SourceFile::new("scripts/other.php", SEEDS[0]);
    let g = aps_php::generate(&[file.clone(), other], &|id| id.len() % 2 == 0);
    for d in &g.diagnostics {
        if let (Some(f), Some(span)) = (&d.file, d.span) {
            assert!(span.start <= span.end && span.end <= f.text().len(), "{span:?} outside {}", f.path());
        }
    }
    for t in &g.types {
        let text = t.text("scripts/fuzz.php");
        assert!(serde_json::from_str::<serde_json::Value>(
            text.split_once("\n//").map_or("", |x| x.1).split_once('\n').map_or("", |x| x.1)
        )
        .is_ok());
    }
    // Rendering touches every span's line and column.
    let _ = render_human(&g.diagnostics, &HumanOptions::default());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn mutated_php_never_panics(seed in 0..SEEDS.len(), edits in proptest::collection::vec(edit(), 1..12)) {
        check(apply(SEEDS[seed], &edits));
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(<\\?php|[ -~]|\n|é|\\{|\\}|/\\*\\*|\\*/|@type\\(|\"|'){0,400}") {
        check(text.into_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut with_tag = b"<?php ".to_vec();
        with_tag.extend(bytes);
        check(with_tag);
    }
}

#[test]
fn deeply_nested_arrays_do_not_overflow() {
    let deep = format!("<?php class a {{ public $x = {}1{}; }}", "[".repeat(100_000), "]".repeat(100_000));
    check(deep.into_bytes());
    let braces = format!("<?php {}", "{".repeat(100_000));
    check(braces.into_bytes());
}

#[test]
fn deeply_nested_interpolations_and_structures_do_not_overflow() {
    let interp = format!("<?php $a = \"{}\";", "{$a[\"".repeat(50_000));
    check(interp.into_bytes());
    let mut chain =
        String::from("<?php /** @type(\"http://x/t/1.0\") */ class t { /** @type(s0) */ public $p; }\n");
    for i in 0..5_000 {
        chain.push_str(&format!("class s{i} {{ /** @type(s{}) */ public $p; }}\n", i + 1));
    }
    check(chain.into_bytes());
}
