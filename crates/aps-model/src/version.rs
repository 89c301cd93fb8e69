//! Dotted version strings as APS uses them for `<version>`, `<release>` and type ids.

use std::cmp::Ordering;

/// Compare two dotted versions component by component: numeric components
/// numerically (`1.10` > `1.9`), others as text; missing trailing components
/// count as zero (`1.0` == `1`).
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let mut left = a.trim().split('.');
    let mut right = b.trim().split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (l, r) => {
                let ord = compare_component(l.unwrap_or("0"), r.unwrap_or("0"));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

fn compare_component(a: &str, b: &str) -> Ordering {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if digits(a) && digits(b) {
        let a = a.trim_start_matches('0');
        let b = b.trim_start_matches('0');
        // Compare as big numbers without overflow: longer is larger.
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    } else {
        // A leading number orders first (`2rc1` < `10`), then the rest as text.
        let split = |s: &str| {
            let n = s.bytes().take_while(u8::is_ascii_digit).count();
            (s[..n].trim_start_matches('0').to_string(), s[n..].to_string())
        };
        let (an, at) = split(a);
        let (bn, bt) = split(b);
        an.len().cmp(&bn.len()).then_with(|| an.cmp(&bn)).then_with(|| at.cmp(&bt))
    }
}

/// Why a version string is malformed, if it is.
///
/// Accepted: dot-separated components of ASCII letters, digits, `-`, `_` and
/// `+`, the first starting with a digit (`26.0`, `1.15`, `35.1.8`, `2`,
/// `1.0-beta`).
pub fn version_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        return Some("it is empty");
    }
    if s.chars().any(char::is_whitespace) {
        return Some("it contains whitespace");
    }
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return Some("it does not start with a digit");
    }
    for part in s.split('.') {
        if part.is_empty() {
            return Some("it has an empty component (`..` or a leading/trailing dot)");
        }
        if !part.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+')) {
            return Some("it contains characters other than letters, digits, `.`, `-`, `_` and `+`");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_components_compare_numerically() {
        assert_eq!(compare_versions("1.10", "1.9"), Ordering::Greater);
        assert_eq!(compare_versions("1.0", "1"), Ordering::Equal);
        assert_eq!(compare_versions("26.0", "25.12"), Ordering::Greater);
        assert_eq!(compare_versions("0.1", "0.01"), Ordering::Equal);
        assert_eq!(compare_versions("1.0", "1.0.1"), Ordering::Less);
        assert_eq!(compare_versions("99999999999999999999999", "1"), Ordering::Greater);
    }

    #[test]
    fn well_formed_versions() {
        for ok in ["26.0", "1.15", "35.1.8", "2", "1.0-beta", "0"] {
            assert_eq!(version_problem(ok), None, "{ok}");
        }
        for bad in ["", "1..0", "v2", "1.0 beta", ".1", "1.", "1.0/2"] {
            assert!(version_problem(bad).is_some(), "{bad}");
        }
    }
}
