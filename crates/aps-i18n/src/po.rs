//! A PO file reader that keeps positions.
//!
//! Every keyword (`msgid`, `msgstr`…) and every string keeps its byte span, so the checks
//! can point at the `msgstr` line that drops a placeholder. Malformed lines are reported
//! (rule `LOC001`) with their line and column and skipped; the rest of the file is still
//! read. Obsolete entries (`#~`) are read too, and marked.

use crate::rules::PoSyntax;
use aps_diag::{Diagnostic, SourceFile, Span, Violation};
use std::sync::Arc;

/// One keyword with its (concatenated, unescaped) value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub value: String,
    /// From the keyword to the end of its last string.
    pub span: Span,
}

/// One entry of a PO file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Comment lines other than references and flags, as written (`# …`, `#. …`, `#| …`).
    pub comments: Vec<String>,
    /// `#:` references, one token each (`ui/app.js:12`).
    pub references: Vec<String>,
    /// `#,` flags (`fuzzy`, `javascript-format`…).
    pub flags: Vec<String>,
    pub msgctxt: Option<Field>,
    pub msgid: Option<Field>,
    pub msgid_plural: Option<Field>,
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`… in order.
    pub msgstr: Vec<Field>,
    /// A `#~` entry: kept by translators, not compiled.
    pub obsolete: bool,
    /// A line of this entry could not be read (and was reported).
    pub broken: bool,
}

impl Entry {
    pub fn id(&self) -> &str {
        self.msgid.as_ref().map(|f| f.value.as_str()).unwrap_or("")
    }
    /// The translation (the first form of a plural entry); empty when there is none.
    pub fn translation(&self) -> &str {
        self.msgstr.first().map(|f| f.value.as_str()).unwrap_or("")
    }
    pub fn is_header(&self) -> bool {
        !self.obsolete && self.msgctxt.is_none() && self.msgid.as_ref().is_some_and(|f| f.value.is_empty())
    }
    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }
}

/// A read PO file.
#[derive(Debug, Clone)]
pub struct PoFile {
    pub file: Arc<SourceFile>,
    pub entries: Vec<Entry>,
    /// Lines end with CR LF (the catalog compiled from it does too, as the official build's).
    pub crlf: bool,
}

impl PoFile {
    /// The header entry (`msgid ""`), if any.
    pub fn header(&self) -> Option<&Entry> {
        self.entries.iter().find(|e| e.is_header())
    }

    /// A header field (`Language`, `Content-Type`…) and the span of the header's `msgstr`.
    pub fn header_field(&self, name: &str) -> Option<(String, Span)> {
        let header = self.header()?;
        let msgstr = header.msgstr.first()?;
        msgstr.value.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| (value.trim().to_string(), msgstr.span))
        })
    }

    /// The entries that are compiled: not obsolete, not the header.
    pub fn messages(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.obsolete && !e.is_header() && e.msgid.is_some())
    }
}

/// Which field continuation strings extend.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    None,
    Ctxt,
    Id,
    Plural,
    Str,
}

/// Read a PO file. Syntax errors come back as diagnostics; what could be read is kept.
pub fn parse(file: &Arc<SourceFile>) -> (PoFile, Vec<Diagnostic>) {
    let text = file.text();
    let mut diags = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut cur = Entry::default();
    let mut target = Target::None;
    let mut offset = 0usize;
    let crlf = text.contains("\r\n");
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start().len();
        let mut body = line.trim_start();
        let mut at = line_start + indent;
        if body.is_empty() {
            continue;
        }
        let mut obsolete = false;
        if let Some(rest) = body.strip_prefix("#~") {
            if rest.starts_with('|') {
                // A previous msgid of an obsolete entry: a comment.
                push_comment(&mut entries, &mut cur, &mut target, body.to_string());
                continue;
            }
            let skipped = rest.len() - rest.trim_start().len();
            at += 2 + skipped;
            body = rest.trim_start();
            obsolete = true;
            if body.is_empty() {
                continue;
            }
        } else if body.starts_with('#') {
            if let Some(refs) = body.strip_prefix("#:") {
                start_new_if_done(&mut entries, &mut cur, &mut target);
                cur.references.extend(refs.split_whitespace().map(str::to_string));
            } else if let Some(flags) = body.strip_prefix("#,") {
                start_new_if_done(&mut entries, &mut cur, &mut target);
                cur.flags.extend(flags.split(',').map(|f| f.trim().to_string()).filter(|f| !f.is_empty()));
            } else {
                push_comment(&mut entries, &mut cur, &mut target, body.to_string());
            }
            continue;
        }
        if body.starts_with('"') {
            let Some(value) = read_string(file, body, at, &mut diags) else {
                cur.broken = true;
                continue;
            };
            let end = at + body.trim_end().len();
            let field = match target {
                Target::Ctxt => cur.msgctxt.as_mut(),
                Target::Id => cur.msgid.as_mut(),
                Target::Plural => cur.msgid_plural.as_mut(),
                Target::Str => cur.msgstr.last_mut(),
                Target::None => None,
            };
            match field {
                Some(field) => {
                    field.value.push_str(&value);
                    field.span.end = end;
                }
                None => diags.push(syntax(file, Span::new(at, end), PoSyntax::OrphanString)),
            }
            continue;
        }
        let keyword_len = body.find(|c: char| c.is_whitespace() || c == '"').unwrap_or(body.len());
        let keyword = &body[..keyword_len];
        let rest = &body[keyword_len..];
        let rest_trim = rest.trim_start();
        let string_at = at + keyword_len + (rest.len() - rest_trim.len());
        let known = matches!(keyword, "msgctxt" | "msgid" | "msgid_plural" | "msgstr")
            || (keyword.starts_with("msgstr[") && keyword.ends_with(']'));
        if !known {
            cur.broken = true;
            diags.push(syntax(
                file,
                Span::new(at, at + keyword_len.max(1)),
                PoSyntax::UnknownKeyword { keyword },
            ));
            continue;
        }
        if !rest_trim.starts_with('"') {
            cur.broken = true;
            diags.push(syntax(file, Span::new(string_at, string_at + 1), PoSyntax::NoString { keyword }));
            continue;
        }
        let Some(value) = read_string(file, rest_trim, string_at, &mut diags) else {
            cur.broken = true;
            continue;
        };
        let span = Span::new(at, string_at + rest_trim.trim_end().len());
        let field = Field { value, span };
        match keyword {
            "msgctxt" => {
                finish(&mut entries, &mut cur);
                cur.obsolete = obsolete;
                cur.msgctxt = Some(field);
                target = Target::Ctxt;
            }
            "msgid" => {
                if cur.msgid.is_some() {
                    if cur.msgstr.is_empty() && !cur.broken {
                        diags.push(syntax(file, span, PoSyntax::MsgidWithoutMsgstr));
                    }
                    finish(&mut entries, &mut cur);
                }
                cur.obsolete |= obsolete;
                cur.msgid = Some(field);
                target = Target::Id;
            }
            "msgid_plural" => {
                if cur.msgid.is_none() || !cur.msgstr.is_empty() {
                    diags.push(syntax(file, span, PoSyntax::MisplacedPlural));
                    continue;
                }
                cur.msgid_plural = Some(field);
                target = Target::Plural;
            }
            _ => {
                if cur.msgid.is_none() {
                    diags.push(syntax(file, span, PoSyntax::MsgstrWithoutMsgid { keyword }));
                    continue;
                }
                let plural_form = keyword != "msgstr";
                if plural_form != cur.msgid_plural.is_some() {
                    let v = if plural_form {
                        PoSyntax::PluralFormWithoutPlural
                    } else {
                        PoSyntax::PlainMsgstrInPlural
                    };
                    diags.push(syntax(file, span, v));
                }
                cur.msgstr.push(field);
                target = Target::Str;
            }
        }
    }
    finish(&mut entries, &mut cur);
    for entry in &entries {
        if entry.msgid.is_some() && entry.msgstr.is_empty() && !entry.broken {
            if let Some(id) = &entry.msgid {
                diags.push(syntax(file, id.span, PoSyntax::EntryWithoutMsgstr));
            }
        }
    }
    (PoFile { file: file.clone(), entries, crlf }, diags)
}

fn push_comment(entries: &mut Vec<Entry>, cur: &mut Entry, target: &mut Target, line: String) {
    start_new_if_done(entries, cur, target);
    cur.comments.push(line);
}

/// A comment after an entry's strings starts the next entry.
fn start_new_if_done(entries: &mut Vec<Entry>, cur: &mut Entry, target: &mut Target) {
    if cur.msgid.is_some() || cur.msgctxt.is_some() {
        finish(entries, cur);
        *target = Target::None;
    }
}

fn finish(entries: &mut Vec<Entry>, cur: &mut Entry) {
    let done = std::mem::take(cur);
    if done.msgid.is_some() || done.msgctxt.is_some() {
        entries.push(done);
    } else {
        // Comments with no entry after them (the end of the file): keep them for the next.
        cur.comments = done.comments;
        cur.references = done.references;
        cur.flags = done.flags;
    }
}

fn syntax(file: &Arc<SourceFile>, span: Span, v: PoSyntax) -> Diagnostic {
    v.diagnostic().at(file, span)
}

/// Unescape one quoted string starting at `s` (which starts with `"`), found at byte `at`.
fn read_string(file: &Arc<SourceFile>, s: &str, at: usize, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let after = &s[i + 1..];
                if !after.trim().is_empty() {
                    let lead = after.len() - after.trim_start().len();
                    let start = at + i + 1 + lead;
                    diags.push(syntax(file, Span::new(start, start + 1), PoSyntax::TextAfterQuote));
                    return None;
                }
                return Some(out);
            }
            '\\' => {
                let Some((j, e)) = chars.next() else { break };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '\\' | '"' | '\'' | '?' => out.push(e),
                    '0'..='7' => {
                        let mut value = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.peek() {
                                Some((_, d @ '0'..='7')) => {
                                    value = value * 8 + d.to_digit(8).unwrap_or(0);
                                    chars.next();
                                }
                                _ => break,
                            }
                        }
                        out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                    }
                    _ => {
                        let span = Span::new(at + i, at + j + e.len_utf8());
                        diags.push(syntax(file, span, PoSyntax::UnknownEscape { escape: e }));
                        return None;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    let end = at + s.len();
    diags.push(syntax(file, Span::new(end, end), PoSyntax::Unclosed));
    None
}

#[cfg(test)]
#[path = "po_tests.rs"]
mod tests;
