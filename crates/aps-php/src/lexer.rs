//! A PHP tokenizer that knows just enough of the language to find where code,
//! strings and comments begin and end. It never fails: malformed input yields
//! tokens up to the end plus a list of problems (unterminated constructs).

use aps_diag::Span;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier or keyword, possibly namespace-qualified (`\APS\ResourceBase`).
    Name(String),
    /// `$name` (without the dollar).
    Variable(String),
    /// A `/** ... */` comment, raw text included.
    DocComment,
    /// A string literal. `None` when it is not a constant (interpolation, heredoc with variables).
    Str(Option<String>),
    /// A numeric literal, as written.
    Number(String),
    /// Punctuation: one of `{ } ( ) [ ] ; , = & ? | : :: => -> ?-> ... . - + #[` and other operators.
    Punct(&'static str),
    /// Any other operator character sequence we do not care about.
    Other,
    /// `?>` (ends a statement like `;`).
    CloseTag,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Something the lexer could not finish; reported as PHP007.
#[derive(Debug, Clone)]
pub struct LexProblem {
    pub span: Span,
    pub what: &'static str,
}

pub struct Lexed {
    pub tokens: Vec<Token>,
    pub problems: Vec<LexProblem>,
}

pub fn lex(text: &str) -> Lexed {
    let mut lx =
        Lexer { s: text.as_bytes(), text, pos: 0, tokens: Vec::new(), problems: Vec::new(), nesting: 0 };
    lx.run();
    Lexed { tokens: lx.tokens, problems: lx.problems }
}

struct Lexer<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    problems: Vec<LexProblem>,
    /// Strings inside interpolations inside strings: bounded so hostile input cannot exhaust the stack.
    nesting: usize,
}

const MAX_NESTING: usize = 32;

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

const PUNCT3: &[&str] = &["...", "<=>", "**=", "??=", "?->", "===", "!==", "<<=", ">>="];
const PUNCT2: &[&str] = &[
    "::", "=>", "->", "#[", "==", "!=", "<>", "<=", ">=", "&&", "||", "??", "++", "--", "+=", "-=", "*=",
    "/=", ".=", "%=", "&=", "|=", "^=", "<<", ">>", "**",
];
const PUNCT1: &[&str] = &[
    "{", "}", "(", ")", "[", "]", ";", ",", "=", "&", "?", "|", ":", ".", "-", "+", "*", "/", "%", "!", "<",
    ">", "^", "~", "@", "\\",
];

impl<'a> Lexer<'a> {
    fn run(&mut self) {
        self.inline_html();
        while self.pos < self.s.len() {
            self.code_token();
        }
    }

    fn peek(&self, off: usize) -> u8 {
        self.s.get(self.pos + off).copied().unwrap_or(0)
    }

    fn starts_with(&self, pat: &str) -> bool {
        self.s[self.pos..].starts_with(pat.as_bytes())
    }

    fn starts_with_ci(&self, pat: &str) -> bool {
        let end = self.pos + pat.len();
        end <= self.s.len() && self.s[self.pos..end].eq_ignore_ascii_case(pat.as_bytes())
    }

    fn push(&mut self, tok: Tok, start: usize) {
        self.tokens.push(Token { tok, span: Span::new(start, self.pos) });
    }

    /// Skip text outside `<?php ... ?>` up to the next opening tag.
    fn inline_html(&mut self) {
        while self.pos < self.s.len() {
            if self.s[self.pos] == b'<' && self.peek(1) == b'?' {
                if self.starts_with_ci("<?php") && !is_ident_char(self.peek(5)) {
                    self.pos += 5;
                } else if self.starts_with("<?=") {
                    self.pos += 3;
                } else {
                    self.pos += 2;
                }
                return;
            }
            self.pos += 1;
        }
    }

    fn code_token(&mut self) {
        let b = self.s[self.pos];
        let start = self.pos;
        match b {
            b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c => self.pos += 1,
            b'?' if self.peek(1) == b'>' => {
                self.pos += 2;
                self.push(Tok::CloseTag, start);
                self.inline_html();
            }
            b'#' if self.peek(1) == b'[' => {
                self.pos += 2;
                self.push(Tok::Punct("#["), start);
            }
            b'#' => self.line_comment(),
            b'/' if self.peek(1) == b'/' => self.line_comment(),
            b'/' if self.peek(1) == b'*' => self.block_comment(),
            b'$' if is_ident_start(self.peek(1)) => {
                self.pos += 1;
                while self.pos < self.s.len() && is_ident_char(self.s[self.pos]) {
                    self.pos += 1;
                }
                let name = self.text[start + 1..self.pos].to_string();
                self.push(Tok::Variable(name), start);
            }
            b'\'' => {
                let v = self.single_quoted();
                self.push(Tok::Str(v), start);
            }
            b'"' => {
                let v = self.double_quoted();
                self.push(Tok::Str(v), start);
            }
            b'`' => {
                self.backtick();
                self.push(Tok::Str(None), start);
            }
            b'<' if self.starts_with("<<<") => {
                let v = self.heredoc();
                self.push(Tok::Str(v), start);
            }
            b'0'..=b'9' => self.number(),
            b'.' if self.peek(1).is_ascii_digit() => self.number(),
            b'\\' if is_ident_start(self.peek(1)) => self.name(),
            _ if is_ident_start(b) => self.name(),
            _ => {
                for set in [PUNCT3, PUNCT2, PUNCT1] {
                    for p in set {
                        if self.starts_with(p) {
                            self.pos += p.len();
                            self.push(Tok::Punct(p), start);
                            return;
                        }
                    }
                }
                // Skip one whole character (never split UTF-8).
                self.pos += self.text[self.pos..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
                self.push(Tok::Other, start);
            }
        }
    }

    fn name(&mut self) {
        let start = self.pos;
        if self.s[self.pos] == b'\\' {
            self.pos += 1;
        }
        loop {
            while self.pos < self.s.len() && is_ident_char(self.s[self.pos]) {
                self.pos += 1;
            }
            if self.peek(0) == b'\\' && is_ident_start(self.peek(1)) {
                self.pos += 1;
                continue;
            }
            break;
        }
        let text = self.text[start..self.pos].to_string();
        self.push(Tok::Name(text), start);
    }

    fn number(&mut self) {
        let start = self.pos;
        while self.pos < self.s.len() {
            let b = self.s[self.pos];
            let exp_sign = (b == b'+' || b == b'-')
                && self.pos > start
                && matches!(self.s[self.pos - 1], b'e' | b'E')
                && !self.text[start..self.pos].starts_with("0x")
                && !self.text[start..self.pos].starts_with("0X");
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exp_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
        let text = self.text[start..self.pos].to_string();
        self.push(Tok::Number(text), start);
    }

    /// `//` or `#` comment: ends at a newline or at `?>` (which closes PHP mode).
    fn line_comment(&mut self) {
        while self.pos < self.s.len() {
            match self.s[self.pos] {
                b'\n' => return,
                b'?' if self.peek(1) == b'>' => return,
                _ => self.pos += 1,
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        let is_doc = self.starts_with("/**") && matches!(self.peek(3), b' ' | b'\t' | b'\r' | b'\n');
        self.pos += 2;
        loop {
            if self.pos >= self.s.len() {
                self.problems.push(LexProblem { span: Span::new(start, start + 2), what: "comment" });
                return;
            }
            if self.s[self.pos] == b'*' && self.peek(1) == b'/' {
                self.pos += 2;
                break;
            }
            self.pos += 1;
        }
        if is_doc {
            self.push(Tok::DocComment, start);
        }
    }

    fn single_quoted(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut seg = self.pos;
        while self.pos < self.s.len() {
            match self.s[self.pos] {
                b'\\' if matches!(self.peek(1), b'\\' | b'\'') => {
                    out.push_str(&self.text[seg..self.pos]);
                    out.push(self.peek(1) as char);
                    self.pos += 2;
                    seg = self.pos;
                }
                b'\'' => {
                    out.push_str(&self.text[seg..self.pos]);
                    self.pos += 1;
                    return Some(out);
                }
                _ => self.pos += 1,
            }
        }
        self.problems.push(LexProblem { span: Span::new(start, start + 1), what: "string" });
        None
    }

    fn backtick(&mut self) {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.s.len() {
            match self.s[self.pos] {
                b'\\' => self.pos += 2,
                b'`' => {
                    self.pos += 1;
                    return;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.s.len();
        self.problems.push(LexProblem { span: Span::new(start, start + 1), what: "string" });
    }

    /// A double-quoted string; `{$expr}` interpolations may themselves hold strings.
    fn double_quoted(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut constant = true;
        while self.pos < self.s.len() {
            let b = self.s[self.pos];
            match b {
                b'"' => {
                    self.pos += 1;
                    return constant.then_some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    self.escape(&mut out);
                }
                b'{' if self.peek(1) == b'$' && self.nesting < MAX_NESTING => {
                    constant = false;
                    self.nesting += 1;
                    self.skip_interpolation();
                    self.nesting -= 1;
                }
                b'$' if is_ident_start(self.peek(1)) || self.peek(1) == b'{' => {
                    constant = false;
                    self.pos += 1;
                    if self.s[self.pos] == b'{' && self.nesting < MAX_NESTING {
                        self.nesting += 1;
                        self.skip_interpolation();
                        self.nesting -= 1;
                    }
                }
                _ => {
                    let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
                    out.push(ch);
                    self.pos += ch.len_utf8();
                }
            }
        }
        self.problems.push(LexProblem { span: Span::new(start, start + 1), what: "string" });
        None
    }

    /// Skip `{...}` inside a string, honouring nested braces and quoted strings.
    fn skip_interpolation(&mut self) {
        let mut depth = 0usize;
        while self.pos < self.s.len() {
            match self.s[self.pos] {
                b'{' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' => {
                    self.pos += 1;
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return;
                    }
                }
                b'\'' => {
                    self.single_quoted();
                }
                b'"' => {
                    self.double_quoted();
                }
                _ => self.pos += 1,
            }
        }
    }

    /// After a backslash in a double-quoted string or heredoc.
    fn escape(&mut self, out: &mut String) {
        let b = self.peek(0);
        let simple = match b {
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'v' => Some('\u{0b}'),
            b'e' => Some('\u{1b}'),
            b'f' => Some('\u{0c}'),
            b'\\' => Some('\\'),
            b'$' => Some('$'),
            b'"' => Some('"'),
            _ => None,
        };
        if let Some(c) = simple {
            out.push(c);
            self.pos += 1;
            return;
        }
        if (b'0'..=b'7').contains(&b) {
            let mut v: u32 = 0;
            let mut n = 0;
            while n < 3 && (b'0'..=b'7').contains(&self.peek(0)) {
                v = v * 8 + u32::from(self.peek(0) - b'0');
                self.pos += 1;
                n += 1;
            }
            out.push(char::from_u32(v & 0xff).unwrap_or('\u{fffd}'));
            return;
        }
        if b == b'x' && self.peek(1).is_ascii_hexdigit() {
            self.pos += 1;
            let mut v: u32 = 0;
            let mut n = 0;
            while n < 2 && self.peek(0).is_ascii_hexdigit() {
                v = v * 16 + (self.peek(0) as char).to_digit(16).unwrap_or(0);
                self.pos += 1;
                n += 1;
            }
            out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            return;
        }
        if b == b'u' && self.peek(1) == b'{' {
            let close = self.s[self.pos..].iter().position(|&c| c == b'}');
            if let Some(close) = close {
                let hex = &self.text[self.pos + 2..self.pos + close];
                if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                    self.pos += close + 1;
                    return;
                }
            }
        }
        out.push('\\');
    }

    /// `<<<ID` heredoc or `<<<'ID'` nowdoc: ends at a line whose first
    /// non-blank text is the identifier (PHP 7.3 flexible syntax).
    fn heredoc(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 3;
        while matches!(self.peek(0), b' ' | b'\t') {
            self.pos += 1;
        }
        let quote = match self.peek(0) {
            q @ (b'\'' | b'"') => {
                self.pos += 1;
                Some(q)
            }
            _ => None,
        };
        let id_start = self.pos;
        while self.pos < self.s.len() && is_ident_char(self.s[self.pos]) {
            self.pos += 1;
        }
        let id = &self.text[id_start..self.pos];
        if id.is_empty() {
            // `<<<` not followed by an identifier: treat as an operator.
            self.pos = start + 3;
            return None;
        }
        if let Some(q) = quote {
            if self.peek(0) == q {
                self.pos += 1;
            }
        }
        // The body starts on the next line.
        while self.pos < self.s.len() && self.s[self.pos] != b'\n' {
            self.pos += 1;
        }
        let nowdoc = quote == Some(b'\'');
        let mut lines: Vec<&str> = Vec::new();
        while self.pos < self.s.len() {
            self.pos += 1; // the newline
            let line_start = self.pos;
            let line_end = self.s[line_start..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(self.s.len(), |p| line_start + p);
            let line = &self.text[line_start..line_end];
            let trimmed = line.trim_start_matches([' ', '\t']);
            if let Some(rest) = trimmed.strip_prefix(id) {
                if !rest.bytes().next().is_some_and(is_ident_char) {
                    self.pos = line_end - rest.len();
                    let body = lines.join("\n");
                    let constant = nowdoc || !body.contains('$');
                    return constant.then_some(body.trim_end_matches('\r').to_string());
                }
            }
            lines.push(line);
            self.pos = line_end;
        }
        self.problems.push(LexProblem { span: Span::new(start, start + 3), what: "heredoc" });
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        lex(src).tokens.into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn strings_comments_and_names() {
        let toks = kinds("<?php // c ?> html <?php\n$a = 'x\\'y' . \"q{$b[\"}\"]}\" # h\n/** d */ \\APS\\ResourceBase::class;");
        assert!(toks.contains(&Tok::CloseTag));
        assert!(toks.contains(&Tok::Str(Some("x'y".into()))));
        assert!(toks.contains(&Tok::Str(None)));
        assert!(toks.contains(&Tok::DocComment));
        assert!(toks.contains(&Tok::Name("\\APS\\ResourceBase".into())));
    }

    #[test]
    fn heredoc_and_nowdoc() {
        let toks = kinds("<?php $a = <<<EOT\n  a } {\n  EOT;\n$b = <<<'X'\n$no\nX\n;");
        assert!(toks.contains(&Tok::Str(Some("  a } {".into()))));
        assert!(toks.contains(&Tok::Str(Some("$no".into()))));
        assert_eq!(toks.iter().filter(|t| **t == Tok::Punct(";")).count(), 2);
    }

    #[test]
    fn unterminated_is_reported() {
        assert_eq!(lex("<?php /* x").problems.len(), 1);
        assert_eq!(lex("<?php 'x").problems.len(), 1);
        assert_eq!(lex("<?php <<<E\nabc").problems.len(), 1);
    }
}
