use crate::rules;
use crate::value::{Kind, Member, Number, Object, Value};
use crate::Parsed;
use aps_diag::Violation;
use aps_diag::{Diagnostic, SourceFile, Span};
use std::collections::HashMap;
use std::sync::Arc;

/// Parser settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Accept `//` line and `/* */` block comments.
    pub comments: bool,
    /// Deepest array/object nesting accepted.
    pub max_depth: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { comments: false, max_depth: 128 }
    }
}

impl Options {
    /// Settings for APS type schemas: comments allowed.
    pub fn with_comments() -> Self {
        Options { comments: true, ..Options::default() }
    }
}

/// Parse `file`'s text. Never panics; stops at the first syntax error.
pub fn parse(file: &Arc<SourceFile>, opts: &Options) -> Parsed {
    let mut p =
        Parser { file, src: file.text().as_bytes(), pos: 0, opts, diags: Vec::new(), comments: Vec::new() };
    if p.src.starts_with("\u{feff}".as_bytes()) {
        p.pos = 3;
    }
    let value = match p.document() {
        Ok(v) => Some(v),
        Err(d) => {
            p.diags.push(*d);
            None
        }
    };
    Parsed { value, diagnostics: p.diags, comments: p.comments }
}

type PResult<T> = Result<T, Box<Diagnostic>>;

/// Members an object may have before its keys are indexed to find duplicates
/// (below, scanning the members is cheaper than hashing).
const INDEX_FROM: usize = 16;
/// What the errors of arrays and objects name.
struct Container {
    name: &'static str,
    close: u8,
    /// What stands before a `,`: "an array item".
    item: &'static str,
    items: &'static str,
}

const ARRAY: Container = Container { name: "array", close: b']', item: "an array item", items: "items" };
const OBJECT: Container =
    Container { name: "object", close: b'}', item: "an object member", items: "members" };

struct Parser<'a> {
    file: &'a Arc<SourceFile>,
    src: &'a [u8],
    pos: usize,
    opts: &'a Options,
    diags: Vec<Diagnostic>,
    comments: Vec<Span>,
}

impl<'a> Parser<'a> {
    fn document(&mut self) -> PResult<Value> {
        self.skip_ws()?;
        if self.pos >= self.src.len() {
            return Err(self.error_here("the file is empty", "expected a JSON value", None));
        }
        let v = self.value(0)?;
        self.skip_ws()?;
        if self.pos < self.src.len() {
            return Err(self.error_here(
                &format!("unexpected {} after the end of the JSON value", self.describe_here()),
                "expected end of file",
                Some(
                    "a JSON file holds exactly one value; remove what follows or wrap the values in an array",
                ),
            ));
        }
        Ok(v)
    }

    fn error_at(&self, span: Span, message: &str, label: &str, help: Option<&str>) -> Box<Diagnostic> {
        let mut d = Diagnostic::new(&rules::SYNTAX, message).at(self.file, span).with_label(label);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        Box::new(d)
    }

    fn error_here(&self, message: &str, label: &str, help: Option<&str>) -> Box<Diagnostic> {
        let end = self.char_end(self.pos);
        self.error_at(Span::new(self.pos, end), message, label, help)
    }

    fn char_end(&self, at: usize) -> usize {
        let text = self.file.text();
        if at >= text.len() {
            return at;
        }
        let mut end = at + 1;
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        end
    }

    /// What is at the cursor, for messages ("`'`", "end of file").
    fn describe_here(&self) -> String {
        if self.pos >= self.src.len() {
            return "end of file".into();
        }
        let text = self.file.text();
        let mut start = self.pos;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        match text[start..].chars().next() {
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
            None => "end of file".into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) -> PResult<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/')
                    if self.src.get(self.pos + 1) == Some(&b'/')
                        || self.src.get(self.pos + 1) == Some(&b'*') =>
                {
                    if !self.opts.comments {
                        return Err(self.error_at(
                            Span::new(self.pos, self.pos + 2),
                            "comments are not allowed in this JSON file",
                            "comment starts here",
                            Some("only APS type schemas may carry `//` and `/* */` comments; remove it"),
                        ));
                    }
                    if self.src[self.pos + 1] == b'/' {
                        let start = self.pos;
                        while let Some(c) = self.peek() {
                            if c == b'\n' {
                                break;
                            }
                            self.pos += 1;
                        }
                        let end = if self.src[..self.pos].ends_with(b"\r") { self.pos - 1 } else { self.pos };
                        self.comments.push(Span::new(start, end));
                    } else {
                        let start = self.pos;
                        self.pos += 2;
                        loop {
                            match self.peek() {
                                None => {
                                    return Err(self.error_at(
                                        Span::new(start, start + 2),
                                        "unterminated block comment",
                                        "comment starts here",
                                        Some("close it with `*/`"),
                                    ))
                                }
                                Some(b'*') if self.src.get(self.pos + 1) == Some(&b'/') => {
                                    self.pos += 2;
                                    self.comments.push(Span::new(start, self.pos));
                                    break;
                                }
                                _ => self.pos += 1,
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> PResult<Value> {
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                let (s, span) = self.string()?;
                Ok(Value { kind: Kind::String(s), span })
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Kind::Bool(true)),
            Some(b'f') => self.literal("false", Kind::Bool(false)),
            Some(b'n') => self.literal("null", Kind::Null),
            Some(b'\'') => Err(self.error_here(
                "strings must use double quotes",
                "single quote here",
                Some("replace `'…'` with `\"…\"`"),
            )),
            None => Err(self.error_here(
                "unexpected end of file",
                "expected a JSON value",
                Some("the file looks truncated"),
            )),
            _ => Err(self.error_here(
                &format!("expected a JSON value, found {}", self.describe_here()),
                "expected a value (object, array, string, number, true, false or null)",
                None,
            )),
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> PResult<Value> {
        let start = self.pos;
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            if self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
                return Err(self.error_here(
                    &format!("unexpected {} after `{word}`", self.describe_here()),
                    "expected `,`, `]` or `}`",
                    None,
                ));
            }
            Ok(Value { kind, span: Span::new(start, self.pos) })
        } else {
            let mut end = start;
            while end < self.src.len() && (self.src[end].is_ascii_alphanumeric() || self.src[end] == b'_') {
                end += 1;
            }
            let found = String::from_utf8_lossy(&self.src[start..end.max(start + 1).min(self.src.len())])
                .into_owned();
            let help = match found.to_ascii_lowercase().as_str() {
                "true" | "false" | "null" => {
                    Some(format!("JSON literals are lower-case: `{}`", found.to_ascii_lowercase()))
                }
                _ => None,
            };
            Err(self.error_at(
                Span::new(start, end.max(self.char_end(start))),
                &format!("expected a JSON value, found `{found}`"),
                "not a JSON value",
                help.as_deref().or(Some("strings must be quoted with double quotes")),
            ))
        }
    }

    fn number(&mut self) -> PResult<Value> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    return Err(self.error_at(
                        Span::new(start, self.pos + 1),
                        "numbers must not have leading zeros",
                        "leading zero",
                        Some("write the number without the leading zero, or quote it as a string"),
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
            }
            _ => return Err(self.error_here("expected a digit", "expected a digit after `-`", None)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(self.error_here(
                    "expected a digit after the decimal point",
                    "expected a digit",
                    None,
                ));
            }
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(self.error_here("expected a digit in the exponent", "expected a digit", None));
            }
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1;
            }
        }
        let raw = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
        Ok(Value { kind: Kind::Number(Number { raw }), span: Span::new(start, self.pos) })
    }

    fn string(&mut self) -> PResult<(String, Span)> {
        let start = self.pos;
        self.pos += 1; // opening quote
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The source is valid UTF-8 and we stopped at an ASCII byte, so this is a char boundary.
            out.push_str(&self.file.text()[run_start..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((out, Span::new(start, self.pos)));
                }
                Some(b'\\') => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4(esc_start)?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.src[self.pos..].starts_with(b"\\u") {
                                    self.pos += 2;
                                    let lo = self.hex4(esc_start)?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return Err(self
                                            .bad_escape(esc_start, "invalid low surrogate in `\\u` escape"));
                                    }
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            match c {
                                Some(c) => {
                                    out.push(c);
                                    continue;
                                }
                                None => {
                                    return Err(
                                        self.bad_escape(esc_start, "unpaired surrogate in `\\u` escape")
                                    )
                                }
                            }
                        }
                        None => break,
                        _ => {
                            return Err(self.bad_escape(
                                esc_start,
                                &format!("invalid escape `\\{}`", self.describe_here().trim_matches('`')),
                            ))
                        }
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.error_here(
                        &format!("{} inside a string", self.describe_here()),
                        "not allowed in a JSON string",
                        Some("write line breaks and tabs as `\\n` and `\\t`"),
                    ))
                }
                None => break,
            }
        }
        Err(self.error_at(
            Span::new(start, start + 1),
            "unterminated string",
            "string starts here",
            Some("close the string with `\"`"),
        ))
    }

    fn hex4(&mut self, esc_start: usize) -> PResult<u32> {
        let digits = self.src.get(self.pos..self.pos + 4).unwrap_or(&[]);
        if digits.len() == 4 && digits.iter().all(u8::is_ascii_hexdigit) {
            self.pos += 4;
            // Four ASCII hex digits always parse.
            Ok(u32::from_str_radix(std::str::from_utf8(digits).unwrap_or("0"), 16).unwrap_or(0))
        } else {
            Err(self.bad_escape(esc_start, "`\\u` must be followed by four hex digits"))
        }
    }

    fn bad_escape(&self, at: usize, message: &str) -> Box<Diagnostic> {
        let end = self.char_end(self.pos.max(at + 1)).min(self.src.len()).max(at + 1);
        self.error_at(
            Span::new(at, end.min(self.file.text().len())),
            message,
            "invalid escape",
            Some("valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
        )
    }

    fn enter(&self, depth: usize) -> PResult<()> {
        if depth >= self.opts.max_depth {
            let d = rules::TooDeep { max_depth: self.opts.max_depth }
                .diagnostic()
                .at(self.file, Span::new(self.pos, self.pos + 1))
                .with_label("too deep here");
            return Err(Box::new(d));
        }
        Ok(())
    }

    fn array(&mut self, depth: usize) -> PResult<Value> {
        let (start, mut more) = self.open(depth, &ARRAY)?;
        let mut items = Vec::new();
        while more {
            self.skip_ws()?;
            if self.peek() == Some(b']') && !items.is_empty() {
                return Err(self.trailing_comma());
            }
            items.push(self.value(depth + 1)?);
            more = self.after_item(start, &ARRAY)?;
        }
        Ok(Value { kind: Kind::Array(items), span: Span::new(start, self.pos) })
    }

    /// Steps into the array or object at the cursor: where it starts, and whether an item
    /// follows (`false`: it was empty, and is closed).
    fn open(&mut self, depth: usize, c: &Container) -> PResult<(usize, bool)> {
        self.enter(depth)?;
        let start = self.pos;
        self.pos += 1;
        self.skip_ws()?;
        if self.peek() == Some(c.close) {
            self.pos += 1;
            return Ok((start, false));
        }
        Ok((start, true))
    }

    /// After an item of the array or object that starts at `start`: `,` (another item
    /// follows: `true`) or its closing bracket (`false`).
    fn after_item(&mut self, start: usize, c: &Container) -> PResult<bool> {
        self.skip_ws()?;
        let close = c.close as char;
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b) if b == c.close => {
                self.pos += 1;
                Ok(false)
            }
            None => Err(self.unclosed(start, c)),
            _ => Err(self.error_here(
                &format!("expected `,` or `{close}` after {}, found {}", c.item, self.describe_here()),
                &format!("expected `,` or `{close}`"),
                Some(&format!("is a comma missing between two {}?", c.items)),
            )),
        }
    }

    /// The file ends inside the array or object that starts at `start`.
    fn unclosed(&self, start: usize, c: &Container) -> Box<Diagnostic> {
        self.error_at(
            Span::new(start, start + 1),
            &format!("unclosed {}", c.name),
            &format!("{} starts here", c.name),
            Some(&format!("the file ends before the closing `{}`", c.close as char)),
        )
    }

    fn trailing_comma(&self) -> Box<Diagnostic> {
        // Point at the comma itself, which is the last non-blank byte before here.
        let mut i = self.pos;
        while i > 0 {
            i -= 1;
            if self.src[i] == b',' {
                break;
            }
        }
        self.error_at(
            Span::new(i, i + 1),
            "trailing comma",
            "remove this comma",
            Some("JSON does not allow a comma after the last item"),
        )
    }

    fn object(&mut self, depth: usize) -> PResult<Value> {
        let (start, mut more) = self.open(depth, &OBJECT)?;
        let mut obj = Object::default();
        // Keys met so far, for duplicates: a scan of the members while the
        // object is small, an index once it grows.
        let mut index: Option<HashMap<String, Span>> = None;
        while more {
            self.skip_ws()?;
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') if !obj.members.is_empty() => return Err(self.trailing_comma()),
                None => return Err(self.unclosed(start, &OBJECT)),
                _ => {
                    return Err(self.error_here(
                        &format!("expected a key in double quotes, found {}", self.describe_here()),
                        "expected `\"key\"`",
                        Some("object keys must be strings in double quotes"),
                    ))
                }
            }
            let (key, key_span) = self.string()?;
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return Err(self.error_here(
                    &format!("expected `:` after the key \"{key}\", found {}", self.describe_here()),
                    "expected `:`",
                    None,
                ));
            }
            self.pos += 1;
            self.skip_ws()?;
            let value = self.value(depth + 1)?;
            let first = match &mut index {
                Some(index) => index.get(&key).copied(),
                None => obj.members.iter().find(|m| m.key == key).map(|m| m.key_span),
            };
            if let Some(first) = first {
                obj.duplicates = true;
                self.diags.push(
                    rules::DuplicateKey { key: &key }
                        .diagnostic()
                        .at(self.file, key_span)
                        .with_label("repeated here")
                        .with_secondary(self.file, first, "first defined here"),
                );
            } else if let Some(index) = &mut index {
                index.insert(key.clone(), key_span);
            } else if obj.members.len() >= INDEX_FROM {
                let mut built: HashMap<String, Span> = HashMap::with_capacity(obj.members.len() * 2);
                for m in &obj.members {
                    built.entry(m.key.clone()).or_insert(m.key_span);
                }
                built.insert(key.clone(), key_span);
                index = Some(built);
            }
            obj.members.push(Member { key, key_span, value });
            more = self.after_item(start, &OBJECT)?;
        }
        Ok(Value { kind: Kind::Object(obj), span: Span::new(start, self.pos) })
    }
}
