//! The strings a package shows, with where each is used.
//!
//! - `ui/**/*.js`: the first argument of every `_(…)` call when it is a plain string
//!   literal (`_('Save')`, `_("Used ${value}", {value: n})`, `` _(`Done`) `` without
//!   interpolation), as the APS JS runtime's translation function is called. Comments
//!   and other strings are skipped; computed arguments (`_(name)`, `_('a' + b)`) cannot be
//!   extracted and are ignored.
//! - `APP-META.xml`: the texts the platform translates: `summary`, `description`,
//!   changelog `entry`, a service's presentation `name`, and `label` attributes
//!   (navigation, items, views, view plug-ins, controls).

use aps_model::PackageSource;
use quick_xml::events::Event;

/// A use of a string: package-relative file, 1-based line and column, byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// A translatable string and every place it is used, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub msgid: String,
    pub uses: Vec<Use>,
}

/// Every string of the package: APP-META.xml first, then the UI scripts by path, each in
/// order of first use.
pub fn package_strings(source: &dyn PackageSource) -> Vec<Message> {
    let mut files: Vec<String> =
        source.files().into_iter().filter(|f| f.starts_with("ui/") && f.ends_with(".js")).collect();
    files.sort();
    let mut found: Vec<(String, Use)> = Vec::new();
    if let Ok(bytes) = source.read_limited("APP-META.xml", 64 * 1024 * 1024) {
        if let Ok(text) = String::from_utf8(bytes) {
            found.extend(
                app_meta_strings(&text).into_iter().map(|(s, at)| (s, make_use("APP-META.xml", &text, at))),
            );
        }
    }
    for f in files {
        let Ok(bytes) = source.read_limited(&f, 16 * 1024 * 1024) else { continue };
        let Ok(text) = String::from_utf8(bytes) else { continue };
        found.extend(js_strings(&text).into_iter().map(|(s, at)| (s, make_use(&f, &text, at))));
    }
    let mut out: Vec<Message> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (msgid, u) in found {
        if msgid.trim().is_empty() {
            continue;
        }
        match index.get(&msgid) {
            Some(&i) => {
                let m: &mut Message = &mut out[i];
                m.uses.push(u);
            }
            None => {
                index.insert(msgid.clone(), out.len());
                out.push(Message { msgid, uses: vec![u] });
            }
        }
    }
    out
}

fn make_use(file: &str, text: &str, offset: usize) -> Use {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    Use { file: file.to_string(), line, column, offset }
}

/// `_(<string literal>` calls of a script: the unescaped text and the call's offset.
pub fn js_strings(text: &str) -> Vec<(String, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
            }
            q @ (b'\'' | b'"' | b'`') => {
                i = read_js_string(text, i, q).map_or(b.len(), |(_, end)| end);
            }
            b'_' => {
                let ident_before =
                    i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'_' | b'$' | b'.'));
                let ident_after =
                    b.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$'));
                if !ident_before && !ident_after {
                    if let Some((s, end)) = call_argument(text, i + 1) {
                        out.push((s, i));
                        i = end;
                        continue;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// After `_`: `(`, a string literal, then `,` or `)`.
fn call_argument(text: &str, from: usize) -> Option<(String, usize)> {
    let b = text.as_bytes();
    let mut j = skip_ws(b, from);
    if b.get(j) != Some(&b'(') {
        return None;
    }
    j = skip_ws(b, j + 1);
    let q = *b.get(j)?;
    if !matches!(q, b'\'' | b'"' | b'`') {
        return None;
    }
    let (s, end) = read_js_string(text, j, q)?;
    if q == b'`' && text[j..end].contains("${") {
        // An interpolating template: the text is only known at run time.
        return None;
    }
    let k = skip_ws(b, end);
    matches!(b.get(k), Some(b',' | b')')).then_some((s, end))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A JS string literal at `start` (its quote `q`): the unescaped text and the offset after it.
fn read_js_string(text: &str, start: usize, q: u8) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((k, c)) = chars.next() {
        let at = start + 1 + k;
        match c {
            c if c as u32 == q as u32 => return Some((out, at + 1)),
            '\n' if q != b'`' => return None,
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '\n' => {}
                'u' => {
                    let hex: String = chars.by_ref().take(4).map(|(_, c)| c).collect();
                    out.push(
                        u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'),
                    );
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The translatable texts of APP-META.xml with their byte offsets.
pub fn app_meta_strings(text: &str) -> Vec<(String, usize)> {
    const TEXT_ELEMENTS: &[&str] = &["summary", "description", "entry"];
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut capture: Option<(String, usize)> = None;
    loop {
        let pos = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                labels(&e, pos, &mut out);
                let wanted = TEXT_ELEMENTS.contains(&name.as_str())
                    || (name == "name" && stack.last().is_some_and(|p| p == "presentation"));
                capture = wanted.then(|| (String::new(), reader.buffer_position() as usize));
                stack.push(name);
            }
            Ok(Event::Empty(e)) => labels(&e, pos, &mut out),
            Ok(Event::Text(t)) => {
                if let Some((buf, _)) = capture.as_mut() {
                    let raw = String::from_utf8_lossy(t.as_ref()).into_owned();
                    buf.push_str(&unescape(&raw));
                }
            }
            Ok(Event::CData(t)) => {
                if let Some((buf, _)) = capture.as_mut() {
                    buf.push_str(&String::from_utf8_lossy(t.as_ref()));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some((buf, _)) = capture.as_mut() {
                    buf.push_str(&unescape(&format!("&{};", String::from_utf8_lossy(r.as_ref()))));
                }
            }
            Ok(Event::End(_)) => {
                stack.pop();
                if let Some((buf, at)) = capture.take() {
                    let trimmed = buf.trim();
                    if !trimmed.is_empty() {
                        let lead = buf.len() - buf.trim_start().len();
                        out.push((trimmed.to_string(), at + lead));
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn labels(e: &quick_xml::events::BytesStart<'_>, pos: usize, out: &mut Vec<(String, usize)>) {
    for attr in e.attributes().flatten() {
        if attr.key.local_name().as_ref() == b"label" {
            let value = unescape(&String::from_utf8_lossy(&attr.value));
            if !value.trim().is_empty() {
                out.push((value, pos));
            }
        }
    }
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(end) = after.find(';') else {
            out.push_str(after);
            return out;
        };
        let entity = &after[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&after[..=end]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_calls() {
        let js = r#"
            // _('in a comment')
            var a = { title: _('Edit'), x: "_('in a string')" };
            def.resolve(_("Resource __ID__: Removed!", {ID: target}));
            label: _('username', this), f(_(name)), _('a' + b), obj._('no'), __('no');
            _(`Tpl ${x}`); _(`Plain`); _('It\'s');
        "#;
        let got: Vec<String> = js_strings(js).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, ["Edit", "Resource __ID__: Removed!", "username", "Plain", "It's"]);
    }

    #[test]
    fn app_meta_texts() {
        let xml = r#"<application><presentation><summary>Sum &amp; more</summary>
            <changelog><version version="1" release="1"><entry>Initial</entry></version></changelog>
            <navigation id="n" label="Main"><view id="v" label="Details"/></navigation></presentation>
            <service id="s"><presentation><name>Service name</name></presentation></service>
            <name>Not this</name></application>"#;
        let got: Vec<String> = app_meta_strings(xml).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, ["Sum & more", "Initial", "Main", "Details", "Service name"]);
    }
}
