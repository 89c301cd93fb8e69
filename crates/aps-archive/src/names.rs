//! Which relative paths may go into a package, and which archive entry names
//! are safe to unpack.

/// Why a package path cannot be used on every platform, or `None` when it can.
///
/// `path` is relative, `/`-separated, without a trailing slash.
pub fn non_portable_reason(path: &str) -> Option<String> {
    if path.is_empty() {
        return Some("the path is empty".into());
    }
    for component in path.split('/') {
        if let Some(reason) = component_problem(component) {
            return Some(reason);
        }
    }
    None
}

fn component_problem(component: &str) -> Option<String> {
    if component.is_empty() || component == "." || component == ".." {
        return Some(format!("`{component}` is not a usable path component"));
    }
    if let Some(c) = component.chars().find(|c| c.is_control()) {
        return Some(format!("it contains the control character U+{:04X}", c as u32));
    }
    if let Some(c) = component.chars().find(|c| matches!(c, '\\' | ':' | '<' | '>' | '"' | '|' | '?' | '*')) {
        return Some(format!("it contains `{c}`, which Windows does not allow in file names"));
    }
    if component.ends_with('.') || component.ends_with(' ') {
        return Some(format!("`{component}` ends with a dot or a space, which Windows drops"));
    }
    let stem = component.split('.').next().unwrap_or(component).trim_end_matches(' ');
    if is_reserved_windows_name(stem) {
        return Some(format!("`{stem}` is a reserved device name on Windows"));
    }
    None
}

fn is_reserved_windows_name(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    match upper.as_bytes() {
        b"CON" | b"PRN" | b"AUX" | b"NUL" | b"CONIN$" | b"CONOUT$" => true,
        [b'C', b'O', b'M', d] | [b'L', b'P', b'T', d] => (b'1'..=b'9').contains(d),
        _ => false,
    }
}

/// Why an archive entry name is unsafe to unpack ("zip slip" and friends),
/// or `None` when it is a plain relative path. Directory entries end in `/`.
pub fn unsafe_entry_reason(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("the name is empty");
    }
    if name.starts_with('/') {
        return Some("it is an absolute path");
    }
    if name.contains('\\') {
        return Some("it contains a backslash, a folder separator on Windows");
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Some("it starts with a drive letter");
    }
    if name.contains(':') {
        return Some("it contains `:`, a drive or stream separator on Windows");
    }
    if name.chars().any(|c| c.is_control()) {
        return Some("it contains a control character");
    }
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    for component in trimmed.split('/') {
        match component {
            ".." => return Some("it contains a `..` component that climbs out of the target folder"),
            "." => return Some("it contains a `.` component"),
            "" => return Some("it contains an empty path component (`//`)"),
            _ => {}
        }
    }
    None
}

/// The key under which two paths collide on a case-insensitive file system.
pub fn case_fold(path: &str) -> String {
    path.to_lowercase()
}

/// The key under which two names are one file on a file system that
/// normalises Unicode (macOS, some network shares): NFC.
pub fn normalization_key(path: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    path.nfc().collect()
}

/// The key under which two names are one file on a file system that ignores
/// both letter case and Unicode normalisation. Deliberately broader than any
/// one file system: upper- then lower-casing also joins `ß`/`ss` and the Greek
/// sigmas, and doing it on the decomposed form folds composed and decomposed
/// spellings alike.
pub fn fold_key(path: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let decomposed: String = path.nfd().collect();
    decomposed.to_uppercase().to_lowercase().nfc().collect()
}

/// `text` turned into something safe as part of a file name: letters,
/// digits, `.`, `_` and `-`; runs of anything else become one `-`.
pub fn file_name_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    let trimmed = out.trim_matches(|c| c == '.' || c == '-');
    if trimmed.is_empty() {
        "package".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_names_pass() {
        for ok in
            ["APP-META.xml", "ui/app.js", "i18n/ja_JP.json", "scripts/vendor/a.b.c/d", "é/ü.txt", "com10.js"]
        {
            assert_eq!(non_portable_reason(ok), None, "{ok}");
        }
    }

    #[test]
    fn non_portable_names_say_why() {
        let cases = [
            ("ui\\app.js", "`\\`"),
            ("ui/a:b.js", "`:`"),
            ("ui/what?.js", "`?`"),
            ("ui/tab\there", "U+0009"),
            ("ui/trailing.", "ends with a dot"),
            ("ui/trailing ", "ends with a dot or a space"),
            ("scripts/aux.php", "`aux` is a reserved"),
            ("CON", "reserved"),
            ("lpt1.txt", "reserved"),
            ("a//b", "not a usable"),
        ];
        for (path, expected) in cases {
            let reason = non_portable_reason(path).unwrap_or_default();
            assert!(reason.contains(expected), "{path}: {reason}");
        }
    }

    #[test]
    fn unsafe_entry_names() {
        for bad in
            ["../x", "a/../../x", "/etc/passwd", "C:/x", "c:x", "a\\b", "a//b", "./a", "a/./b", "", "a\u{0}b"]
        {
            assert!(unsafe_entry_reason(bad).is_some(), "{bad:?}");
        }
        for good in ["APP-META.xml", "ui/", "ui/app.js", "a..b/c", "..a"] {
            assert_eq!(unsafe_entry_reason(good), None, "{good:?}");
        }
    }

    #[test]
    fn fold_keys_join_case_and_normalisation_variants() {
        assert_eq!(normalization_key("caf\u{e9}.php"), normalization_key("cafe\u{301}.php"));
        assert_ne!(normalization_key("Caf\u{e9}.php"), normalization_key("caf\u{e9}.php"));
        assert_eq!(fold_key("ui/App.js"), fold_key("ui/app.js"));
        assert_eq!(fold_key("CAF\u{c9}"), fold_key("cafe\u{301}"));
        assert_eq!(fold_key("stra\u{df}e"), fold_key("STRASSE"));
        assert_ne!(fold_key("ui/a.js"), fold_key("ui/b.js"));
    }

    #[test]
    fn file_name_safe_keeps_letters_digits_dots() {
        assert_eq!(file_name_safe("CloudBlue Connect Extension"), "CloudBlue-Connect-Extension");
        assert_eq!(file_name_safe("a/b\\c:d"), "a-b-c-d");
        assert_eq!(file_name_safe("..."), "package");
        assert_eq!(file_name_safe(" Hello  Cloud! "), "Hello-Cloud");
        assert_eq!(file_name_safe("Müller"), "Müller");
    }
}
