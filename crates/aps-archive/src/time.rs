//! The one timestamp of a build: `SOURCE_DATE_EPOCH` when set, else the
//! documented default 1980-01-01T00:00:00Z (the earliest a zip can record).

/// Seconds since the Unix epoch of 1980-01-01T00:00:00Z.
pub const DEFAULT_EPOCH: i64 = aps_diag::plumbing::DEFAULT_EPOCH as i64;

/// The build timestamp, in whole seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildTime(pub i64);

impl Default for BuildTime {
    fn default() -> Self {
        BuildTime(DEFAULT_EPOCH)
    }
}

impl BuildTime {
    /// From the `SOURCE_DATE_EPOCH` value, if any.
    /// (The one parser: `aps_diag::plumbing::parse_epoch`.)
    pub fn from_source_date_epoch(value: Option<&str>) -> Result<Self, aps_diag::plumbing::EpochError> {
        // At most `MAX_EPOCH` (year 2242), so the seconds always fit.
        aps_diag::plumbing::parse_epoch(value).map(|s| BuildTime(s as i64))
    }

    /// From the environment (`SOURCE_DATE_EPOCH`).
    pub fn from_env() -> Result<Self, aps_diag::plumbing::EpochError> {
        aps_diag::plumbing::source_date_epoch().map(|s| BuildTime(s as i64))
    }

    /// `(year, month, day, hour, minute, second)` in UTC.
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, (secs / 3600) as u32, (secs / 60 % 60) as u32, (secs % 60) as u32)
    }

    /// The `packaged` attribute value APS uses: `YYYY-MM-DDTHH:MM:SS`.
    pub fn packaged(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    }

    /// MS-DOS `(time, date)` for zip headers, clamped to what DOS dates can
    /// hold (1980–2107); seconds are rounded down to even.
    pub fn dos(self) -> (u16, u16) {
        let (y, mo, d, h, mi, s) = self.civil();
        if y < 1980 {
            return (0, (1 << 5) | 1);
        }
        if y > 2107 {
            return ((23 << 11) | (59 << 5) | 29, ((127 << 9) | (12 << 5) | 31) as u16);
        }
        let time = ((h as u16) << 11) | ((mi as u16) << 5) | ((s / 2) as u16);
        let date = (((y - 1980) as u16) << 9) | ((mo as u16) << 5) | d as u16;
        (time, date)
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_1980() {
        let t = BuildTime::default();
        assert_eq!(t.packaged(), "1980-01-01T00:00:00");
        assert_eq!(t.dos(), (0, 0x21));
    }

    #[test]
    fn source_date_epoch_parses() {
        let t = BuildTime::from_source_date_epoch(Some("1666785876")).unwrap();
        assert_eq!(t.packaged(), "2022-10-26T12:04:36");
        let (time, date) = t.dos();
        assert_eq!(time, (12 << 11) | (4 << 5) | 18);
        assert_eq!(date, (42 << 9) | (10 << 5) | 26);
        assert_eq!(BuildTime::from_source_date_epoch(None).unwrap(), BuildTime::default());
        assert!(BuildTime::from_source_date_epoch(Some("yesterday"))
            .unwrap_err()
            .to_string()
            .contains("`yesterday`"));
        assert!(BuildTime::from_source_date_epoch(Some("-5")).is_err());
    }

    #[test]
    fn dos_dates_are_clamped() {
        assert_eq!(BuildTime(0).dos(), (0, 0x21));
        assert_eq!(BuildTime(0).packaged(), "1970-01-01T00:00:00");
        let far = BuildTime(5_000_000_000);
        assert_eq!(far.dos().1 >> 9, 127);
    }

    #[test]
    fn leap_days() {
        assert_eq!(BuildTime(951_782_400).packaged(), "2000-02-29T00:00:00");
        assert_eq!(BuildTime(1_709_164_800).packaged(), "2024-02-29T00:00:00");
    }
}
