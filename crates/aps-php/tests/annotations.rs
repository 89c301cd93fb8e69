//! One test per annotation (and per piece of PHP the reader must get right):
//! what each becomes in the generated schema.

use aps_diag::SourceFile;
use aps_php::generate;
use serde_json::{json, Value};

fn generate_all(files: &[(&str, &str)]) -> aps_php::Generation {
    let files: Vec<_> = files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    generate(&files, &|_| true)
}

/// The schema of the first type class in `php`, with no diagnostics expected.
fn schema(php: &str) -> Value {
    schema_with(php, &[])
}

/// The schema of the first type class in `php`, with exactly these diagnostic codes.
fn schema_with(php: &str, expected: &[&str]) -> Value {
    let g = generate_all(&[("scripts/t.php", php)]);
    let codes: Vec<_> = g.diagnostics.iter().map(|d| (d.code(), d.message.clone())).collect();
    assert_eq!(codes.iter().map(|c| c.0).collect::<Vec<_>>(), expected, "diagnostics: {codes:?}");
    g.types.first().expect("a type class").value.clone()
}

fn codes(php: &str) -> Vec<&'static str> {
    generate_all(&[("scripts/t.php", php)]).diagnostics.iter().map(|d| d.code()).collect()
}

fn class(body: &str) -> String {
    format!(
        "<?php\n/**\n * @type(\"http://x.example/t/1.0\")\n * @implements(\"http://aps-standard.org/types/core/resource/1.0\")\n */\nclass t extends \\APS\\ResourceBase {{\n{body}\n}}\n"
    )
}

fn prop(doc: &str, decl: &str) -> Value {
    let s = schema(&class(&format!("/**\n{doc}\n*/\n{decl}")));
    s["properties"].as_object().and_then(|p| p.values().next().cloned()).unwrap_or(Value::Null)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default()
}

#[test]
fn class_type_gives_id_name_and_aps_version() {
    let s = schema(&class(""));
    assert_eq!(
        s,
        json!({"apsVersion": "2.0", "name": "t", "id": "http://x.example/t/1.0",
               "implements": ["http://aps-standard.org/types/core/resource/1.0"]})
    );
    assert_eq!(keys(&s), ["apsVersion", "name", "id", "implements"]);
}

#[test]
fn implements_takes_several_ids_and_several_lines() {
    let s = schema("<?php /**\n * @type(\"http://x/a/1.0\")\n * @implements(\"http://x/i/1.0\", \"http://x/j/1.0\")\n * @implements(\"http://x/k/1.0\")\n */ class a {}");
    assert_eq!(s["implements"], json!(["http://x/i/1.0", "http://x/j/1.0", "http://x/k/1.0"]));
}

#[test]
fn type_maps_primitives_ids_and_arrays() {
    assert_eq!(prop("@type(string)", "public $a;"), json!({"type": "string"}));
    assert_eq!(prop("@type(\"integer\")", "public $a;"), json!({"type": "integer"}));
    assert_eq!(prop("@type(boolean)", "public $a;"), json!({"type": "boolean"}));
    assert_eq!(prop("@type(number)", "public $a;"), json!({"type": "number"}));
    assert_eq!(prop("@type(object)", "public $a;"), json!({"type": "object"}));
    assert_eq!(prop("@type(array)", "public $a;"), json!({"type": "array"}));
    assert_eq!(prop("@type(string[])", "public $a;"), json!({"type": "array", "items": {"type": "string"}}));
    let counter = "http://aps-standard.org/types/core/resource/1.0#Counter";
    assert_eq!(prop(&format!("@type(\"{counter}\")"), "public $a;"), json!({"type": counter}));
}

#[test]
fn title_description_format_pattern_unit() {
    let p = prop(
        "@type(string)\n@unit(\"mb\")\n@description(\"D\")\n@pattern(\"^[a-z]+$\")\n@title(\"T\")\n@format(\"host-name\")",
        "public $a;",
    );
    assert_eq!(
        p,
        json!({"type": "string", "format": "host-name", "pattern": "^[a-z]+$", "title": "T", "description": "D", "unit": "mb"})
    );
    assert_eq!(keys(&p), ["type", "format", "pattern", "title", "description", "unit"]);
    assert_eq!(prop("@type(string)\n@title(\"\")", "public $a;"), json!({"type": "string", "title": ""}));
}

#[test]
fn flags_required_readonly_final_encrypted_headline() {
    let p = prop("@type(string)\n@headline\n@encrypted\n@final\n@readonly\n@required", "public $a;");
    assert_eq!(
        keys(&p),
        ["type", "required", "readonly", "final", "encrypted", "headline"],
        "flags are written in the runtime's order, not the annotations'"
    );
    assert!(p.as_object().unwrap().values().skip(1).all(|v| *v == json!(true)));
}

#[test]
fn default_is_the_initial_value() {
    assert_eq!(prop("@type(integer)", "public $a = 0;")["default"], json!(0));
    assert_eq!(prop("@type(string)", "public $a = '';")["default"], json!(""));
    assert_eq!(prop("@type(boolean)", "public $a = FALSE;")["default"], json!(false));
    assert_eq!(prop("@type(number)", "public $a = -1.5;")["default"], json!(-1.5));
    assert_eq!(prop("@type(string[])", "public $a = array();")["default"], json!([]));
    assert_eq!(prop("@type(object)", "public $a = ['k' => [1, 2]];")["default"], json!({"k": [1, 2]}));
    assert_eq!(keys(&prop("@type(string)", "public $a = null;")), ["type"]);
    // Constants and expressions need PHP: no default rather than a wrong one.
    assert_eq!(keys(&prop("@type(string)", "public $a = self::X;")), ["type"]);
    let order = prop("@type(string)\n@title(\"T\")\n@encrypted\n@required", "public $a = 'x';");
    assert_eq!(keys(&order), ["type", "required", "default", "encrypted", "title"]);
}

#[test]
fn default_annotation_is_ignored_and_reported() {
    let php = class("/**\n * @type(boolean)\n * @default(false)\n */\npublic $ssl;");
    let g = generate_all(&[("scripts/t.php", &php)]);
    assert_eq!(g.types[0].value["properties"]["ssl"], json!({"type": "boolean"}));
    assert_eq!(g.diagnostics.iter().map(|d| d.code()).collect::<Vec<_>>(), ["PHP005"]);
}

#[test]
fn option_gives_enum_and_titles() {
    let p = prop(
        "@type(string)\n@option(\"\", \"every day\")\n@option(\"Mon\", \"on Monday\")",
        "public $a = '';",
    );
    assert_eq!(p["enum"], json!(["", "Mon"]));
    assert_eq!(p["enumTitles"], json!(["every day", "on Monday"]));
    assert_eq!(keys(&p), ["type", "default", "enum", "enumTitles"]);
    let n = prop("@type(integer)\n@option(1, \"one\")\n@option(2, \"two\")", "public $a;");
    assert_eq!(n["enum"], json!([1, 2]));
    let untitled = prop("@type(string)\n@option(a)\n@option(b)", "public $a;");
    assert_eq!(untitled, json!({"type": "string", "enum": ["a", "b"]}));
}

#[test]
fn access_on_a_property() {
    let p =
        prop("@type(string)\n@title(\"T\")\n@access(referrer, false)\n@access(owner, TRUE)", "public $a;");
    assert_eq!(p["access"], json!({"referrer": false, "owner": true}));
    assert_eq!(keys(&p).last(), Some(&"access"));
}

#[test]
fn link_gives_relations() {
    let s = schema(&class(
        "/** @link(\"http://x/app/1.0\")\n * @required */ public $app;\n/** @link(\"http://x/item/1.0[]\") */ public $items;\n/**\n * @link(\"http://aps-standard.org/types/infrastructure/environment/web/1.0\")\n * @required\n * @allocate(new)\n */ public $web;",
    ));
    assert_eq!(
        s["relations"],
        json!({
            "app": {"type": "http://x/app/1.0", "required": true, "collection": false},
            "items": {"type": "http://x/item/1.0", "collection": true},
            "web": {"type": "http://aps-standard.org/types/infrastructure/environment/web/1.0", "required": true, "collection": false, "allocate": "new"}
        })
    );
    assert!(s.get("properties").is_none(), "relations are not properties");
    assert_eq!(keys(&s["relations"]["app"]), ["type", "required", "collection"]);
}

#[test]
fn methods_with_verb_are_operations() {
    let s = schema_with(
        &class(
            r#"
    /**
     * @verb(GET)
     * @path("/items/{id}")
     * @param(string, path)
     * @param(integer, query)
     * @return(string[], text/json)
     */
    public function listItems($id, $limit = 10) {}

    /**
     * @verb(POST)
     * @path("/onEvent")
     * @param("http://aps-standard.org/types/core/resource/1.0#Notification", body)
     */
    public static function onEvent($event) {}

    /** @return(string) @verb(GET) */
    public function notAnOperation() {}

    /**
     * @verb(DELETE)
     * @path("/cache")
     * @return(string)
     * @access(referrer, true)
     */
    public function clear() {}

    /** plain helper */
    private function helper($x) {}
"#,
        ),
        &["PHP006"],
    );
    assert_eq!(
        s["operations"],
        json!({
            "listItems": {
                "verb": "GET", "path": "/items/{id}",
                "response": {"contentType": "text/json", "type": "array", "items": {"type": "string"}},
                "parameters": {
                    "id": {"type": "string", "required": true, "kind": "path"},
                    "limit": {"type": "integer", "kind": "query"}
                }
            },
            "onEvent": {
                "verb": "POST", "path": "/onEvent", "static": true,
                "parameters": {"event": {"type": "http://aps-standard.org/types/core/resource/1.0#Notification", "required": true, "kind": "body"}}
            },
            "clear": {
                "verb": "DELETE", "path": "/cache",
                "response": {"contentType": null, "type": "string", "items": null},
                "access": {"referrer": true}
            }
        })
    );
    assert_eq!(keys(&s["operations"]["listItems"]), ["verb", "path", "response", "parameters"]);
    assert_eq!(keys(&s["operations"]["listItems"]["response"]), ["contentType", "type", "items"]);
}

#[test]
fn empty_param_list_and_extra_params() {
    let php = class(
        "/**\n * @verb(GET)\n * @path(\"/a\")\n * @param()\n */ public function a() {}\n/**\n * @verb(GET)\n * @path(\"/b\")\n * @param(string, query)\n */ public function b() {}",
    );
    let g = generate_all(&[("scripts/t.php", &php)]);
    assert_eq!(
        g.types[0].value["operations"],
        json!({"a": {"verb": "GET", "path": "/a"}, "b": {"verb": "GET", "path": "/b"}})
    );
    assert_eq!(g.diagnostics.iter().map(|d| d.code()).collect::<Vec<_>>(), ["PHP006"]);
}

#[test]
fn structures_from_referenced_classes() {
    let php = r#"<?php
class metric {
    /** @type(string) @title("Measure") */
    public $measure;
    /**
     * @type(integer)
     * @title("Value")
     */
    public $value = 0;
}
class history {
    /**
     * @type(metric)
     */
    public $cpu;
    /**
     * @type(string[])
     */
    public $tags = array();
}
class Extra extends \APS\Structure {
    /**
     * @type(boolean)
     */
    public $on;
}
/**
 * @type("http://x/t/1.0")
 * @implements("http://aps-standard.org/types/core/resource/1.0")
 */
class t extends \APS\ResourceBase {
    /**
     * @type("history[]")
     * @title("History")
     */
    public $history;
}
"#;
    let s = schema_with(php, &["PHP002"]);
    assert_eq!(
        s["properties"]["history"],
        json!({"type": "array", "items": {"type": "history"}, "title": "History"})
    );
    assert_eq!(
        keys(&s["structures"]),
        ["metric", "history", "Extra"],
        "a structure follows the ones it uses"
    );
    assert_eq!(
        s["structures"]["metric"],
        json!({"type": "object", "properties": {"value": {"type": "integer", "default": 0, "title": "Value"}}}),
        "`@type(string) @title(…)` on one line is one annotation with trailing text: skipped"
    );
    assert_eq!(
        s["structures"]["history"]["properties"]["tags"],
        json!({"type": "array", "items": {"type": "string"}, "default": []})
    );
    assert_eq!(keys(&s), ["apsVersion", "name", "id", "implements", "properties", "structures"]);
}

#[test]
fn structures_and_parents_in_other_scripts() {
    let base = "<?php class Base extends \\APS\\ResourceBase {\n/** @type(string) */ public $inherited;\n}\nclass Shared {\n/** @type(integer) */ public $n;\n}";
    let t = "<?php require 'base.php';\n/**\n * @type(\"http://x/t/1.0\")\n */\nclass t extends Base {\n/** @type(Shared) */ public $own;\n}";
    let g = generate_all(&[("scripts/base.php", base), ("scripts/t.php", t)]);
    assert!(g.diagnostics.is_empty());
    let s = &g.type_of_file("scripts/t.php").unwrap().value;
    assert_eq!(
        keys(&s["properties"]),
        ["own", "inherited"],
        "own properties first, as PHP reflection lists them"
    );
    assert_eq!(
        s["structures"]["Shared"],
        json!({"type": "object", "properties": {"n": {"type": "integer"}}})
    );
}

#[test]
fn text_has_the_header_and_official_layout() {
    let g = generate_all(&[("scripts/t.php", &class("/** @type(string) */ public $a;"))]);
    let text = g.types[0].text("scripts/t.php");
    assert_eq!(
        text,
        "// This file is generated by 'aps build' from 'scripts/t.php' script\n// It will be regenerated next time 'aps build' command is executed\n{\n    \"apsVersion\": \"2.0\",\n    \"name\": \"t\",\n    \"id\": \"http://x.example/t/1.0\",\n    \"implements\": [\n        \"http://aps-standard.org/types/core/resource/1.0\"\n    ],\n    \"properties\": {\n        \"a\": {\n            \"type\": \"string\"\n        }\n    }\n}"
    );
}

#[test]
fn reader_tolerates_the_rest_of_php() {
    let php = r#"<html><?= "<?php" ?></html>
<?php
declare(strict_types=1);
namespace Vendor\App;
use APS\ResourceBase;
use function strlen;

const BRACES = "}}{{";
$heredoc = <<<EOT
  class fake {
  /** @type("http://x/fake/1.0") */
  EOT;
$nowdoc = <<<'EOT'
  } } }
  EOT;
# comment with } and /**
// another ?> <p>inline html with class words</p> <?php
/* block } */
#[\Attribute(\Attribute::TARGET_CLASS)]
/**
 * @type("http://x/real/1.0")
 */
final class real extends ResourceBase {
    #[Deprecated]
    /** @type(string) */
    public ?string $name = "a{$b}c" . 'd';
    /** @type(integer) */
    public int|float $count = 0x10;
    public function f(array $a = [1, 2], ?callable $cb = null): string {
        $s = "{$a['}']} ${a} \" }";
        $o = new class { public $x; function g() { return "}"; } };
        return match ($a) { default => '}' };
    }
}
"#;
    let g = generate_all(&[("scripts/t.php", php)]);
    assert_eq!(g.types.len(), 1);
    let s = &g.types[0].value;
    assert_eq!(s["id"], json!("http://x/real/1.0"));
    assert_eq!(
        s["properties"],
        json!({"name": {"type": "string"}, "count": {"type": "integer", "default": 16}})
    );
}

#[test]
fn annotation_with_trailing_text_is_skipped_like_the_runtime() {
    let php = class("/**\n * @type(integer)\n * @title(\"canais\")/home/user/scripts\n * @description(\"D\")\n */\npublic $c;");
    let g = generate_all(&[("scripts/t.php", &php)]);
    assert_eq!(g.types[0].value["properties"]["c"], json!({"type": "integer", "description": "D"}));
    assert_eq!(g.diagnostics.iter().map(|d| d.code()).collect::<Vec<_>>(), ["PHP002"]);
}

#[test]
fn annotation_names_are_case_sensitive() {
    assert_eq!(codes(&class("/**\n * @type(string)\n * @Description(\"x\")\n */ public $a;")), ["PHP001"]);
}

#[test]
fn phpdoc_tags_are_left_alone() {
    let php = class(
        "/**\n * @var string\n * @see http://example.com\n * @link http://example.com/doc\n * @author(\"Someone\")\n * @type(string)\n */ public $a;\n/**\n * @param string $x\n * @return array\n * @throws \\Exception\n * @access private\n * @codeCoverageIgnore\n */ public function f($x) {}",
    );
    assert!(codes(&php).is_empty());
}

#[test]
fn links_are_checked_against_known_types() {
    let app = "<?php /**\n * @type(\"http://x/v/app/1.4\")\n */ class app {\n/** @link(\"http://x/v/tenant/1.0[]\") */ public $tenants;\n}";
    let tenant = "<?php /**\n * @type(\"http://x/v/tenant/1.0\")\n */ class tenant {\n/** @link(\"http://x/v/app\") */ public $app;\n/** @link(\"http://aps-standard.org/types/core/account/1.0\") */ public $account;\n/** @link(\"http://x/v/apps/1.4\") */ public $typo;\n/** @link(\"http://other.example/pa/thing/1.0\") */ public $external;\n/**\n * @link(\"http://x/v/tenat/1.0\")\n * @required\n */ public $required;\n}";
    let files = [SourceFile::new("scripts/app.php", app), SourceFile::new("scripts/tenant.php", tenant)];
    let g = generate(&files, &|id| id == "http://aps-standard.org/types/core/account/1.0");
    let found: Vec<_> =
        g.diagnostics.iter().map(|d| (d.code(), d.severity, d.message.as_str(), d.help.as_deref())).collect();
    assert_eq!(
        found,
        [
            (
                "PHP003",
                aps_diag::Severity::Warning,
                "`@link` to unknown type `http://x/v/apps/1.4`",
                Some("did you mean `http://x/v/app/1.4`?")
            ),
            (
                "PHP003",
                aps_diag::Severity::Error,
                "`@link` to unknown type `http://x/v/tenat/1.0`",
                Some("did you mean `http://x/v/tenant/1.0`?")
            ),
        ],
        "the package's own types, registry types and version-less ids of package types are known; \
         other applications' types are not checked; a required link that resolves to nothing is an error"
    );
}

#[test]
fn structures_come_in_declaration_order() {
    // Learned from official output: not the order of use (that would put Hardware before OS).
    let php = r#"<?php
class CPU { /** @type(integer) */ public $number; }
class OS { /** @type(string) */ public $name; }
class Unused { /** @type(string) */ public $x; }
class Hardware { /** @type(CPU) */ public $cpu; }
class Platform { /** @type(OS) */ public $os; }
/**
 * @type("http://x/offer/1.0")
 */
class offer extends \APS\ResourceBase {
    /** @type(Hardware) */ public $hardware;
    /** @type(Platform) */ public $platform;
}
"#;
    let s = schema(php);
    assert_eq!(keys(&s["structures"]), ["CPU", "OS", "Hardware", "Platform"]);
}
