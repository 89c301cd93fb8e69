//! Small helpers every crate needs once: lower-case hex, paths as shown in
//! messages, and the `SOURCE_DATE_EPOCH` every artefact's timestamps come from.

use std::path::Path;

/// Lower-case hex of `bytes` (digests in manifests, APP-LIST.xml, reports).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// A path as messages and reports show it: `/` separators on every platform.
pub fn display_path(path: impl AsRef<Path>) -> String {
    slashes(&path.as_ref().to_string_lossy())
}

/// A path already in text, with `\` separators turned into `/`.
pub fn slashes(text: &str) -> String {
    text.replace('\\', "/")
}

/// `root/rel` for messages, without a doubled separator (just `rel` when the
/// root is `.` or empty).
pub fn join_display(root: &str, rel: &str) -> String {
    let root = root.trim_end_matches(['/', '\\']);
    if root.is_empty() || root == "." {
        rel.to_string()
    } else {
        format!("{root}/{rel}")
    }
}

/// 1980-01-01T00:00:00Z: the documented timestamp of every artefact when
/// `SOURCE_DATE_EPOCH` is not set (the earliest date a zip can hold).
pub const DEFAULT_EPOCH: u64 = 315_532_800;

/// The latest `SOURCE_DATE_EPOCH` accepted: the largest a ustar header holds
/// (11 octal digits, the year 2242), so one value fits every artefact.
pub const MAX_EPOCH: u64 = 0o777_7777_7777;

/// A `SOURCE_DATE_EPOCH` that is not a number of seconds aps-pack can write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SOURCE_DATE_EPOCH must be a whole, non-negative number of seconds (at most {MAX_EPOCH}), not `{0}`")]
pub struct EpochError(pub String);

/// A `SOURCE_DATE_EPOCH` value (see reproducible-builds.org); unset or blank
/// gives [`DEFAULT_EPOCH`].
pub fn parse_epoch(value: Option<&str>) -> Result<u64, EpochError> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_EPOCH),
        Some(v) => v.parse::<u64>().ok().filter(|n| *n <= MAX_EPOCH).ok_or_else(|| EpochError(v.to_string())),
    }
}

/// `SOURCE_DATE_EPOCH` from the environment, else [`DEFAULT_EPOCH`].
pub fn source_date_epoch() -> Result<u64, EpochError> {
    parse_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

/// `SOURCE_DATE_EPOCH` from the environment when it is set, else the clock
/// (for records of when something happened, such as a repository index).
pub fn source_date_epoch_or_now() -> Result<u64, EpochError> {
    match std::env::var("SOURCE_DATE_EPOCH").ok().filter(|v| !v.trim().is_empty()) {
        Some(v) => parse_epoch(Some(&v)),
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(DEFAULT_EPOCH)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0, 0x0f, 0xab, 0xff]), "000fabff");
    }

    #[test]
    fn paths_use_forward_slashes() {
        assert_eq!(display_path(Path::new("a\\b/c")), "a/b/c");
        assert_eq!(join_display("./", "x/y"), "x/y");
        assert_eq!(join_display("", "x"), "x");
        assert_eq!(join_display("pkg\\", "x"), "pkg/x");
        assert_eq!(join_display("pkg", "x"), "pkg/x");
    }

    #[test]
    fn epochs_parse_with_one_limit_and_one_message() {
        assert_eq!(parse_epoch(None), Ok(DEFAULT_EPOCH));
        assert_eq!(parse_epoch(Some(" ")), Ok(DEFAULT_EPOCH));
        assert_eq!(parse_epoch(Some("1731488904")), Ok(1731488904));
        assert_eq!(parse_epoch(Some(&MAX_EPOCH.to_string())), Ok(MAX_EPOCH));
        for bad in ["-1", "yesterday", "99999999999999", "1.5"] {
            let e = parse_epoch(Some(bad)).unwrap_err();
            assert!(
                e.to_string().starts_with("SOURCE_DATE_EPOCH must be a whole, non-negative number"),
                "{e}"
            );
            assert!(e.to_string().contains(&format!("`{bad}`")), "{e}");
        }
    }
}
