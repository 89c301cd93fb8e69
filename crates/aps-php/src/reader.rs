//! From tokens to the declarations the schema generator needs: classes (with
//! namespace, `extends` and docblock), their properties (with the initial
//! value) and methods (with parameter names). Everything else is skipped.

use crate::lexer::{lex, LexProblem, Tok, Token};
use crate::value::{eval_constant, Constant};
use aps_diag::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassKind {
    Class,
    Interface,
    Trait,
    Enum,
}

#[derive(Debug, Clone)]
pub struct PhpClass {
    pub kind: ClassKind,
    /// Short name as declared.
    pub name: String,
    pub name_span: Span,
    pub namespace: Option<String>,
    /// As written (`\APS\ResourceBase`, `APS\Structure`, `Base`).
    pub extends: Option<String>,
    pub doc: Option<Span>,
    pub properties: Vec<PhpProperty>,
    pub methods: Vec<PhpMethod>,
}

impl PhpClass {
    /// The last segment of `extends` (`ResourceBase` for `\APS\ResourceBase`).
    pub fn extends_short(&self) -> Option<&str> {
        self.extends.as_deref().map(|e| e.rsplit('\\').next().unwrap_or(e))
    }
}

#[derive(Debug, Clone)]
pub struct PhpProperty {
    pub name: String,
    pub name_span: Span,
    pub doc: Option<Span>,
    pub is_static: bool,
    /// The initial value: `None` when there is none.
    pub default: Option<Constant>,
}

#[derive(Debug, Clone)]
pub struct PhpMethod {
    pub name: String,
    pub name_span: Span,
    pub doc: Option<Span>,
    pub is_static: bool,
    pub params: Vec<PhpParam>,
}

#[derive(Debug, Clone)]
pub struct PhpParam {
    pub name: String,
    pub span: Span,
    pub has_default: bool,
}

#[derive(Debug, Default)]
pub struct PhpFile {
    pub classes: Vec<PhpClass>,
    pub problems: Vec<LexProblem>,
}

pub fn read(text: &str) -> PhpFile {
    let lexed = lex(text);
    let mut r = Reader { toks: &lexed.tokens, i: 0, classes: Vec::new(), namespace: None, depth: 0 };
    r.block(Frame::Top);
    PhpFile { classes: r.classes, problems: lexed.problems }
}

#[derive(Clone, Copy, PartialEq)]
enum Frame {
    Top,
    /// `namespace X { ... }`
    Namespace,
    /// Any other braces (function bodies, control blocks).
    Code,
}

const MODIFIERS: &[&str] =
    &["abstract", "final", "readonly", "public", "protected", "private", "static", "var"];

struct Reader<'a> {
    toks: &'a [Token],
    i: usize,
    classes: Vec<PhpClass>,
    namespace: Option<String>,
    /// Current nesting of blocks read recursively.
    depth: usize,
}

/// Deeper blocks are skipped without looking inside: no real script nests
/// classes this deep, and hostile input must not exhaust the stack.
const MAX_DEPTH: usize = 64;

fn is_kw(t: &Tok, kw: &str) -> bool {
    matches!(t, Tok::Name(n) if n.eq_ignore_ascii_case(kw))
}

impl<'a> Reader<'a> {
    fn tok(&self) -> Option<&'a Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn tok_at(&self, i: usize) -> Option<&'a Tok> {
        self.toks.get(i).map(|t| &t.tok)
    }

    fn span(&self) -> Span {
        self.toks.get(self.i).map(|t| t.span).unwrap_or_default()
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.tok(), Some(Tok::Punct(q)) if *q == p)
    }

    /// Statements up to the closing brace of this frame (or the end).
    fn block(&mut self, frame: Frame) {
        if self.depth >= MAX_DEPTH {
            self.skip_to_close();
            return;
        }
        self.depth += 1;
        self.block_inner(frame);
        self.depth -= 1;
    }

    /// Skip to just after the `}` that closes the current block, without recursion.
    fn skip_to_close(&mut self) {
        let mut depth = 1usize;
        while let Some(t) = self.tok() {
            self.i += 1;
            match t {
                Tok::Punct("{") => depth += 1,
                Tok::Punct("}") => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn block_inner(&mut self, frame: Frame) {
        let mut doc: Option<Span> = None;
        while let Some(tok) = self.tok() {
            match tok {
                Tok::Punct("}") => {
                    self.i += 1;
                    if frame != Frame::Top {
                        return;
                    }
                    // A stray brace at the top level: ignore it.
                }
                Tok::Punct("{") => {
                    self.i += 1;
                    self.block(Frame::Code);
                    doc = None;
                }
                Tok::Punct("#[") => self.skip_attribute(),
                Tok::DocComment => {
                    doc = Some(self.span());
                    self.i += 1;
                }
                Tok::Name(n) if MODIFIERS.iter().any(|m| n.eq_ignore_ascii_case(m)) => self.i += 1,
                Tok::Name(n) if n.eq_ignore_ascii_case("namespace") && frame == Frame::Top => {
                    self.i += 1;
                    self.namespace_decl();
                    doc = None;
                }
                Tok::Name(n) if self.is_class_decl(n) => {
                    self.class_decl(doc.take());
                }
                _ => {
                    self.i += 1;
                    doc = None;
                }
            }
        }
    }

    /// `class` (or interface/trait/enum) starting a declaration, not `::class` or `new class`.
    fn is_class_decl(&self, n: &str) -> bool {
        let kw = ["class", "interface", "trait", "enum"];
        if !kw.iter().any(|k| n.eq_ignore_ascii_case(k)) {
            return false;
        }
        let prev = self.i.checked_sub(1).and_then(|p| self.tok_at(p));
        if matches!(prev, Some(Tok::Punct("::" | "->" | "?->"))) || prev.is_some_and(|t| is_kw(t, "new")) {
            return false;
        }
        // `enum` is also a valid function/constant name: require `enum Name`.
        matches!(self.tok_at(self.i + 1), Some(Tok::Name(_)))
    }

    fn namespace_decl(&mut self) {
        let name = match self.tok() {
            Some(Tok::Name(n)) => {
                self.i += 1;
                Some(n.trim_start_matches('\\').to_string())
            }
            _ => None,
        };
        if self.is_punct("{") {
            self.i += 1;
            let outer = std::mem::replace(&mut self.namespace, name);
            self.block(Frame::Namespace);
            self.namespace = outer;
        } else {
            self.namespace = name;
        }
    }

    fn skip_attribute(&mut self) {
        // `#[` ... `]` with nested brackets; strings are already single tokens.
        self.i += 1;
        let mut depth = 1usize;
        while let Some(t) = self.tok() {
            self.i += 1;
            match t {
                Tok::Punct("[" | "#[") => depth += 1,
                Tok::Punct("]") => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    fn class_decl(&mut self, doc: Option<Span>) {
        let kind = match self.tok() {
            Some(t) if is_kw(t, "interface") => ClassKind::Interface,
            Some(t) if is_kw(t, "trait") => ClassKind::Trait,
            Some(t) if is_kw(t, "enum") => ClassKind::Enum,
            _ => ClassKind::Class,
        };
        self.i += 1;
        let (name, name_span) = match self.tok() {
            Some(Tok::Name(n)) => (n.clone(), self.span()),
            _ => return,
        };
        self.i += 1;
        let mut extends = None;
        // Header up to the opening brace.
        while let Some(t) = self.tok() {
            match t {
                Tok::Punct("{") => break,
                Tok::Punct(";" | "}") | Tok::CloseTag => return,
                t if is_kw(t, "extends") => {
                    self.i += 1;
                    if let Some(Tok::Name(n)) = self.tok() {
                        extends = Some(n.clone());
                    }
                }
                _ => self.i += 1,
            }
        }
        if self.tok().is_none() {
            return;
        }
        self.i += 1;
        if self.depth >= MAX_DEPTH {
            self.skip_to_close();
            return;
        }
        let mut class = PhpClass {
            kind,
            name,
            name_span,
            namespace: self.namespace.clone(),
            extends,
            doc,
            properties: Vec::new(),
            methods: Vec::new(),
        };
        self.depth += 1;
        self.class_body(&mut class);
        self.depth -= 1;
        self.classes.push(class);
    }

    fn class_body(&mut self, class: &mut PhpClass) {
        let mut doc: Option<Span> = None;
        let mut is_static = false;
        while let Some(tok) = self.tok() {
            match tok {
                Tok::Punct("}") => {
                    self.i += 1;
                    return;
                }
                Tok::DocComment => {
                    doc = Some(self.span());
                    self.i += 1;
                }
                Tok::Punct("#[") => self.skip_attribute(),
                Tok::Name(n) if n.eq_ignore_ascii_case("static") => {
                    is_static = true;
                    self.i += 1;
                }
                Tok::Name(n) if MODIFIERS.iter().any(|m| n.eq_ignore_ascii_case(m)) => self.i += 1,
                Tok::Name(n) if n.eq_ignore_ascii_case("function") => {
                    self.i += 1;
                    if let Some(m) = self.method(doc.take(), is_static) {
                        class.methods.push(m);
                    }
                    is_static = false;
                }
                Tok::Name(n) if ["const", "use", "case"].iter().any(|k| n.eq_ignore_ascii_case(k)) => {
                    self.skip_statement();
                    doc = None;
                    is_static = false;
                }
                Tok::Variable(_) => {
                    self.properties(class, doc.take(), is_static);
                    is_static = false;
                }
                Tok::Punct("{") => {
                    // Not expected in a class body; skip the block whole.
                    self.i += 1;
                    self.block(Frame::Code);
                }
                _ => {
                    // Types before a property name (`?int`, `\Foo|null`), stray `;`.
                    if matches!(tok, Tok::Punct(";") | Tok::CloseTag) {
                        doc = None;
                        is_static = false;
                    }
                    self.i += 1;
                }
            }
        }
    }

    /// Skip to the end of a statement: `;` (or `?>`) at nesting depth 0, or a `{...}` block.
    fn skip_statement(&mut self) {
        let mut depth = 0usize;
        while let Some(t) = self.tok() {
            match t {
                Tok::Punct("(" | "[" | "#[") => depth += 1,
                Tok::Punct(")" | "]") => depth = depth.saturating_sub(1),
                Tok::Punct("{") => {
                    self.i += 1;
                    self.block(Frame::Code);
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                Tok::Punct("}") if depth == 0 => return,
                Tok::Punct(";") | Tok::CloseTag if depth == 0 => {
                    self.i += 1;
                    return;
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    /// `$a = 1, $b;` after the modifiers and type.
    fn properties(&mut self, class: &mut PhpClass, doc: Option<Span>, is_static: bool) {
        let mut doc = doc;
        while let Some(Tok::Variable(name)) = self.tok() {
            let name_span = self.span();
            self.i += 1;
            let mut default = None;
            if self.is_punct("=") {
                self.i += 1;
                let start = self.i;
                self.skip_expression();
                default = Some(eval_constant(&self.toks[start..self.i]));
            }
            if self.is_punct("{") {
                // PHP 8.4 property hooks.
                self.i += 1;
                self.block(Frame::Code);
            }
            class.properties.push(PhpProperty {
                name: name.clone(),
                name_span,
                doc: doc.take(),
                is_static,
                default,
            });
            if self.is_punct(",") {
                self.i += 1;
                continue;
            }
            break;
        }
        if matches!(self.tok(), Some(Tok::Punct(";") | Tok::CloseTag)) {
            self.i += 1;
        }
    }

    /// An expression up to `,` `;` `)` `]` or `}` at depth 0 (not consumed).
    fn skip_expression(&mut self) {
        let mut depth = 0usize;
        while let Some(t) = self.tok() {
            match t {
                Tok::Punct("(" | "[" | "{" | "#[") => depth += 1,
                Tok::Punct(")" | "]" | "}") => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                Tok::Punct("," | ";") | Tok::CloseTag if depth == 0 => return,
                Tok::DocComment if depth == 0 => return,
                _ => {}
            }
            self.i += 1;
        }
    }

    fn method(&mut self, doc: Option<Span>, is_static: bool) -> Option<PhpMethod> {
        if self.is_punct("&") {
            self.i += 1;
        }
        let (name, name_span) = match self.tok() {
            Some(Tok::Name(n)) => (n.clone(), self.span()),
            _ => {
                self.skip_statement();
                return None;
            }
        };
        self.i += 1;
        let mut params = Vec::new();
        if self.is_punct("(") {
            self.i += 1;
            params = self.params();
        }
        // Return type, then a body or `;`.
        while let Some(t) = self.tok() {
            match t {
                Tok::Punct("{") => {
                    self.i += 1;
                    self.block(Frame::Code);
                    break;
                }
                Tok::Punct(";") | Tok::CloseTag => {
                    self.i += 1;
                    break;
                }
                Tok::Punct("}") => break,
                _ => self.i += 1,
            }
        }
        Some(PhpMethod { name, name_span, doc, is_static, params })
    }

    /// Parameters after `(`, consuming the closing `)`.
    fn params(&mut self) -> Vec<PhpParam> {
        let mut params = Vec::new();
        let mut current: Option<PhpParam> = None;
        while let Some(t) = self.tok() {
            match t {
                Tok::Punct(")") => {
                    self.i += 1;
                    break;
                }
                Tok::Punct("#[") => self.skip_attribute(),
                Tok::Punct(",") => {
                    params.extend(current.take());
                    self.i += 1;
                }
                Tok::Variable(v) if current.is_none() => {
                    current = Some(PhpParam { name: v.clone(), span: self.span(), has_default: false });
                    self.i += 1;
                }
                Tok::Punct("=") => {
                    if let Some(p) = current.as_mut() {
                        p.has_default = true;
                    }
                    self.i += 1;
                    self.skip_expression();
                }
                Tok::Punct("{" | ";") => break,
                _ => self.i += 1,
            }
        }
        params.extend(current);
        params
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_classes_members_and_defaults() {
        let src = r#"<?php
namespace Foo\Bar;
use APS\ResourceBase as RB;
#[Attr([1, 2])]
/** class doc */
final class app extends \APS\ResourceBase implements \Countable {
    const X = "}";
    /** @type(string) */
    public $name = 'n';
    /** p */ public ?int $count = 3, $other;
    private static $cache = [];
    public function __construct() { $x = "{$a['}']}"; if (1) { } }
    /** m */
    public static function run($a, $b = null, ...$rest): string { return <<<EOT
    } } }
    EOT; }
    abstract protected function abs(int $x);
}
$y = new class { public $z; };
echo Foo::class;
"#;
        let f = read(src);
        assert_eq!(f.classes.len(), 1, "{:?}", f.classes.iter().map(|c| &c.name).collect::<Vec<_>>());
        let c = &f.classes[0];
        assert_eq!(c.name, "app");
        assert_eq!(c.namespace.as_deref(), Some("Foo\\Bar"));
        assert_eq!(c.extends_short(), Some("ResourceBase"));
        assert!(c.doc.is_some());
        let names: Vec<_> = c.properties.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["name", "count", "other", "cache"]);
        assert_eq!(c.properties[0].default, Some(Constant::Value(serde_json::json!("n"))));
        assert!(c.properties[3].is_static);
        let methods: Vec<_> = c.methods.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(methods, ["__construct", "run", "abs"]);
        let run = &c.methods[1];
        assert!(run.is_static && run.doc.is_some());
        assert_eq!(
            run.params.iter().map(|p| (p.name.as_str(), p.has_default)).collect::<Vec<_>>(),
            [("a", false), ("b", true), ("rest", false)]
        );
    }

    #[test]
    fn braced_namespaces_and_inline_html() {
        let src = "<html><?php namespace A { class one {} } namespace B { class two extends one {} } ?></html>\n<?php class three {}";
        let f = read(src);
        let got: Vec<_> = f.classes.iter().map(|c| (c.name.as_str(), c.namespace.as_deref())).collect();
        assert_eq!(got, [("one", Some("A")), ("two", Some("B")), ("three", None)]);
    }
}
