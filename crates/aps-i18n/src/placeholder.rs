//! Placeholders a translation must keep: `${value}` (APS UI templates), `__name__` (the
//! `_("…", {name: …})` substitution of the APS JS runtime), `%s`/`%d`/`%1$s` (printf) and
//! `{0}`/`{name}` (positional and named braces).

/// The placeholders of a text, each once, in order of first appearance.
pub fn find(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let found = match b[i] {
            b'$' if b.get(i + 1) == Some(&b'{') => closing(text, i + 2, b'}').map(|end| end + 1),
            b'{' if i == 0 || b[i - 1] != b'$' => closing(text, i + 1, b'}')
                .filter(|&end| end > i + 1 && is_ident(&text[i + 1..end]))
                .map(|end| end + 1),
            b'_' if b.get(i + 1) == Some(&b'_') => {
                let start = i + 2;
                let mut end = start;
                while end < b.len()
                    && (b[end].is_ascii_alphanumeric() || (b[end] == b'_' && b.get(end + 1) != Some(&b'_')))
                {
                    end += 1;
                }
                (end > start && text[end..].starts_with("__")).then_some(end + 2)
            }
            b'%' => printf(b, i),
            _ => None,
        };
        match found {
            Some(end) => {
                let p = text[i..end].to_string();
                if !out.contains(&p) {
                    out.push(p);
                }
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
}

fn closing(text: &str, from: usize, close: u8) -> Option<usize> {
    let rest = text.get(from..)?;
    let end = rest.bytes().take(64).position(|c| c == close)?;
    is_ident(&rest[..end]).then_some(from + end)
}

/// `%s`, `%d`, `%1$s`, `%.2f`…; `%%` is a literal percent sign, not a placeholder.
fn printf(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if b.get(j) == Some(&b'%') {
        return None;
    }
    while j < b.len() && (b[j].is_ascii_digit() || matches!(b[j], b'$' | b'.' | b'-' | b'+')) {
        j += 1;
    }
    match b.get(j) {
        Some(b's' | b'd' | b'i' | b'f' | b'u' | b'x' | b'X' | b'c' | b'e' | b'g') => Some(j + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn kinds() {
        assert_eq!(find("${value} GB used of ${maximum} GB"), ["${value}", "${maximum}"]);
        assert_eq!(find("Resource __ID__: __MESSAGE__"), ["__ID__", "__MESSAGE__"]);
        assert_eq!(find("%s of %1$d, 100%% done"), ["%s", "%1$d"]);
        assert_eq!(find("{0} and {name}, not { spaced }"), ["{0}", "{name}"]);
        assert!(find("snake_case and __init and 50% off").is_empty());
    }
}
