//! The timestamp written into artefacts.

/// 1980-01-01T00:00:00Z: the documented default when `SOURCE_DATE_EPOCH` is
/// not set (the earliest date a zip can hold, used by every aps-pack artefact).
pub const DEFAULT_EPOCH: u64 = 315_532_800;

/// Largest timestamp a ustar header holds (11 octal digits).
const MAX_USTAR_TIME: u64 = 0o777_7777_7777;

/// `SOURCE_DATE_EPOCH` if set (see reproducible-builds.org), else [`DEFAULT_EPOCH`].
pub fn source_date_epoch() -> Result<u64, String> {
    parse_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
}

fn parse_epoch(value: Option<&str>) -> Result<u64, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(DEFAULT_EPOCH),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n <= MAX_USTAR_TIME => Ok(n),
            _ => Err(format!(
                "SOURCE_DATE_EPOCH=`{v}` is not a number of seconds since 1970 (0 to {MAX_USTAR_TIME})"
            )),
        },
    }
}

/// The `update_at` of an index written now: `SOURCE_DATE_EPOCH` when set (so
/// tests and reproducible publishing get fixed bytes), else the clock.
pub fn index_timestamp() -> Result<u64, String> {
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
    fn parses() {
        assert_eq!(parse_epoch(None), Ok(DEFAULT_EPOCH));
        assert_eq!(parse_epoch(Some(" ")), Ok(DEFAULT_EPOCH));
        assert_eq!(parse_epoch(Some("1731488904")), Ok(1731488904));
        assert!(parse_epoch(Some("-1")).is_err());
        assert!(parse_epoch(Some("yesterday")).is_err());
        assert!(parse_epoch(Some("99999999999999")).is_err());
    }
}
