//! Annotations in a docblock: one per line, `@name` at the start of the line
//! (after the `*`), optionally followed by `(arg, "quoted arg", …)`.

use aps_diag::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub name: String,
    /// `@name`, including the `@`.
    pub name_span: Span,
    /// `None` when written without parentheses.
    pub args: Option<Vec<Arg>>,
    /// From `@` to the closing parenthesis (or the end of the name).
    pub span: Span,
    /// Text after the annotation on the same line (trimmed), if any.
    pub trailing: Option<Span>,
    /// The argument list could not be read (unterminated string or parenthesis).
    pub malformed: Option<Malformed>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    pub span: Span,
    pub message: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The value, quotes removed and `\"` `\\` unescaped.
    pub value: String,
    pub quoted: bool,
    pub span: Span,
}

impl Annotation {
    pub fn arg(&self, i: usize) -> Option<&Arg> {
        self.args.as_ref().and_then(|a| a.get(i))
    }
    pub fn arg_count(&self) -> usize {
        self.args.as_ref().map_or(0, Vec::len)
    }
}

/// Read the annotations of the docblock at `doc` in `text`.
pub fn annotations(text: &str, doc: Span) -> Vec<Annotation> {
    let Some(block) = text.get(doc.start..doc.end) else {
        return Vec::new();
    };
    // Content between `/**` and `*/`.
    let inner_start = doc.start + 3.min(block.len());
    let inner_end = if block.ends_with("*/") && block.len() >= 5 { doc.end - 2 } else { doc.end };
    let mut out = Vec::new();
    let mut line_start = inner_start;
    while line_start <= inner_end {
        let rest = &text[line_start..inner_end];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        if let Some(a) = line(text, line_start, line_start + line_len) {
            out.push(a);
        }
        line_start += line_len + 1;
    }
    out
}

fn line(text: &str, start: usize, end: usize) -> Option<Annotation> {
    let s = text.as_bytes();
    let mut i = start;
    while i < end && matches!(s[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    while i < end && s[i] == b'*' {
        i += 1;
    }
    while i < end && matches!(s[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    if i >= end || s[i] != b'@' {
        return None;
    }
    let at = i;
    i += 1;
    while i < end && (s[i].is_ascii_alphanumeric() || matches!(s[i], b'_' | b'-' | b'\\' | b'.')) {
        i += 1;
    }
    let name = &text[at + 1..i];
    if name.is_empty() {
        return None;
    }
    let name_span = Span::new(at, i);
    let mut j = i;
    while j < end && matches!(s[j], b' ' | b'\t') {
        j += 1;
    }
    let mut ann = Annotation {
        name: name.to_string(),
        name_span,
        args: None,
        span: name_span,
        trailing: None,
        malformed: None,
    };
    let mut after = i;
    if j < end && s[j] == b'(' {
        match args(text, j, end) {
            Ok((list, close)) => {
                ann.args = Some(list);
                ann.span = Span::new(at, close + 1);
                after = close + 1;
            }
            Err(m) => {
                ann.args = Some(Vec::new());
                ann.span = Span::new(at, end);
                ann.malformed = Some(m);
                after = end;
            }
        }
    }
    let tail = text[after..end].trim_end_matches(['\r', ' ', '\t']);
    let lead = tail.len() - tail.trim_start().len();
    if !tail.trim().is_empty() {
        ann.trailing = Some(Span::new(after + lead, after + tail.len()));
    }
    Some(ann)
}

/// The first offset from `i` that is not a space or tab (at most `end`).
fn skip_blanks(s: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && matches!(s[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// The `(` at `open` has no `)` on its line.
fn unclosed(open: usize) -> Malformed {
    Malformed { span: Span::new(open, open + 1), message: "`(` is never closed on this line" }
}

/// The arguments of `( ... )` starting at `open`; returns them and the offset of `)`.
fn args(text: &str, open: usize, end: usize) -> Result<(Vec<Arg>, usize), Malformed> {
    let s = text.as_bytes();
    let mut list = Vec::new();
    let mut i = open + 1;
    // An empty list `()` (or only blanks) has no arguments.
    let probe = skip_blanks(s, i, end);
    if probe < end && s[probe] == b')' {
        return Ok((list, probe));
    }
    loop {
        i = skip_blanks(s, i, end);
        if i >= end {
            return Err(unclosed(open));
        }
        let arg_start = i;
        let (value, quoted) = if s[i] == b'"' || s[i] == b'\'' {
            let q = s[i];
            i += 1;
            let mut v = String::new();
            let mut seg = i;
            loop {
                if i >= end {
                    return Err(Malformed {
                        span: Span::new(arg_start, arg_start + 1),
                        message: "this string is never closed on this line",
                    });
                }
                if s[i] == b'\\' && i + 1 < end && (s[i + 1] == q || s[i + 1] == b'\\') {
                    v.push_str(&text[seg..i]);
                    v.push(s[i + 1] as char);
                    i += 2;
                    seg = i;
                    continue;
                }
                if s[i] == q {
                    v.push_str(&text[seg..i]);
                    i += 1;
                    break;
                }
                i += 1;
            }
            (v, true)
        } else {
            while i < end && s[i] != b',' && s[i] != b')' {
                i += 1;
            }
            (text[arg_start..i].trim_end().to_string(), false)
        };
        let arg_end = if quoted { i } else { arg_start + value.len() };
        list.push(Arg { value, quoted, span: Span::new(arg_start, arg_end) });
        i = skip_blanks(s, i, end);
        if i >= end {
            return Err(unclosed(open));
        }
        match s[i] {
            b',' => i += 1,
            b')' => return Ok((list, i)),
            _ => {
                return Err(Malformed {
                    span: Span::new(i, i + 1),
                    message: "expected `,` or `)` after an argument",
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(doc: &str) -> Vec<Annotation> {
        annotations(doc, Span::new(0, doc.len()))
    }

    #[test]
    fn forms() {
        let doc = "/**\n * Class x\n * @type(\"http://x/y/1.0\")\n * @implements(\"a\", 'b\\'c')\n *   @required\n * @verb(GET) \n * @return array\n * @param()\n * @access(referrer, true)  // trailing\n */";
        let a = read(doc);
        let names: Vec<_> = a.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["type", "implements", "required", "verb", "return", "param", "access"]);
        assert_eq!(a[0].arg(0).map(|x| x.value.as_str()), Some("http://x/y/1.0"));
        assert_eq!(
            &doc[a[0].arg(0).unwrap().span.start..a[0].arg(0).unwrap().span.end],
            "\"http://x/y/1.0\""
        );
        assert_eq!(
            a[1].args.as_ref().unwrap().iter().map(|x| x.value.as_str()).collect::<Vec<_>>(),
            ["a", "b'c"]
        );
        assert_eq!(a[2].args, None);
        assert_eq!(a[3].arg(0).map(|x| (x.value.as_str(), x.quoted)), Some(("GET", false)));
        assert!(a[3].trailing.is_none());
        assert!(a[4].args.is_none() && a[4].trailing.is_some());
        assert_eq!(a[5].arg_count(), 0);
        assert_eq!(&doc[a[6].trailing.unwrap().start..a[6].trailing.unwrap().end], "// trailing");
    }

    #[test]
    fn one_line_docblock_and_malformed() {
        let a = read("/** @title(\"x) */");
        assert_eq!(a.len(), 1);
        assert!(a[0].malformed.is_some());
        let a = read("/** @type(string */");
        assert!(a[0].malformed.is_some());
        let a = read("/** @type(string) */");
        assert_eq!(a[0].arg(0).unwrap().value, "string");
        let a = read("/** @option(a b, c) */");
        assert_eq!(a[0].arg(0).unwrap().value, "a b");
    }
}
