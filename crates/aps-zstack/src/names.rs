//! Names that become folders, file names, shell values and JSON strings.

/// The architectures ZStack's marketplace knows.
pub const ARCHES: &[&str] = &["x86_64", "aarch64"];

/// Longest application id or version accepted.
pub const MAX_NAME_LEN: usize = 128;

/// Why `name` cannot be an application id or version, if it cannot.
///
/// Allowed: ASCII letters, digits, `.`, `_`, `-`, `+`; not starting with `.`
/// or `-`. That keeps the name a single path component (no `..`, no `/`), a
/// plain word in the installer's shell code, and a JSON string that needs no
/// escaping.
pub fn unsafe_name_reason(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("it is empty".into());
    }
    if name.len() > MAX_NAME_LEN {
        return Some(format!("it is {} characters long (at most {MAX_NAME_LEN})", name.len()));
    }
    if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+')))
    {
        return Some(format!("it contains {c:?} (allowed: ASCII letters, digits, `.`, `_`, `-`, `+`)"));
    }
    if name.starts_with('.') || name.starts_with('-') {
        return Some("it starts with `.` or `-`".into());
    }
    None
}

/// Whether a repository folder name is listed in `index.json`. The `.bin`
/// installer applies the same test in bash (`LC_ALL=C`, `[[:print:]]`): hidden
/// names (staging folders) and names outside printable ASCII are skipped, so
/// both indexes agree byte for byte.
pub fn is_indexable(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && name.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// `name` as a JSON string literal. Only `"` and `\` need escaping for
/// indexable names; control characters are escaped anyway so the function is
/// total.
pub fn json_string(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if !c.is_ascii() => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lower-case hex of a digest.
pub use aps_diag::hex;

/// Whether `s` looks like a SHA-256 digest in lower-case hex.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        assert_eq!(unsafe_name_reason("zstack.io.grafana"), None);
        assert_eq!(unsafe_name_reason("11.2.0+build-1"), None);
        for bad in ["", "..", ".hidden", "-x", "a/b", "a b", "a'b", "a$b", "é", &"x".repeat(129)] {
            assert!(unsafe_name_reason(bad).is_some(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn indexable_names() {
        assert!(is_indexable("zstack_io_grafana"));
        assert!(is_indexable("a b\"c\\"));
        assert!(!is_indexable(".aps-stage.x"));
        assert!(!is_indexable("tab\tname"));
        assert!(!is_indexable("日本"));
        assert_eq!(json_string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(json_string("é\u{1}"), r#""\u00e9\u0001""#);
    }
}
