//! [`Timestamp`]: the wall-clock time the caller passes in (the core never reads a clock).
//!
//! Second resolution is all the provider layer needs: SigV4 dates, JWT `iat`/`exp`, token
//! expiry. Calendar conversion uses Howard Hinnant's `civil_from_days` algorithm, so no date
//! crate is needed in `no_std`.

use alloc::format;
use alloc::string::String;

/// Seconds since the Unix epoch (UTC).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(u64);

impl Timestamp {
    /// The time `secs` seconds after the epoch.
    pub const fn from_unix_secs(secs: u64) -> Self {
        Timestamp(secs)
    }

    /// The time `ms` milliseconds after the epoch (JS `Date.now()`), truncated to seconds.
    pub const fn from_unix_millis(ms: u64) -> Self {
        Timestamp(ms / 1000)
    }

    /// Seconds since the epoch.
    pub const fn unix_secs(self) -> u64 {
        self.0
    }

    /// This time plus `secs` seconds (saturating).
    pub const fn plus_secs(self, secs: u64) -> Self {
        Timestamp(self.0.saturating_add(secs))
    }

    /// This time minus `secs` seconds (saturating at the epoch).
    pub const fn minus_secs(self, secs: u64) -> Self {
        Timestamp(self.0.saturating_sub(secs))
    }

    /// `(year, month, day, hour, minute, second)` in UTC.
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = (self.0 / 86_400) as i64;
        let rem = self.0 % 86_400;
        let (y, m, d) = civil_from_days(days);
        (
            y,
            m,
            d,
            (rem / 3600) as u32,
            ((rem % 3600) / 60) as u32,
            (rem % 60) as u32,
        )
    }

    /// ISO 8601 basic format as AWS uses it: `20150830T123600Z`.
    pub fn amz_date(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }

    /// The date part of [`Timestamp::amz_date`]: `20150830`.
    pub fn date_stamp(self) -> String {
        let (y, mo, d, ..) = self.civil();
        format!("{y:04}{mo:02}{d:02}")
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339 in UTC, optional fractional seconds).
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        if !matches!(b.get(10), Some(b'T') | Some(b't')) || b.get(13) != Some(&b':') {
            return None;
        }
        if b.get(16) != Some(&b':') || !matches!(b.last(), Some(b'Z') | Some(b'z')) {
            return None;
        }
        let num = |r: core::ops::Range<usize>| -> Option<u64> { s.get(r)?.parse().ok() };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        let days = days_from_civil(y as i64, mo as u32, d as u32);
        let secs = days.checked_mul(86_400)? + (h * 3600 + mi * 60 + sec) as i64;
        u64::try_from(secs).ok().map(Timestamp)
    }
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_sigv4_suite_time() {
        let t = Timestamp::parse_rfc3339("2015-08-30T12:36:00Z").unwrap();
        assert_eq!(t.unix_secs(), 1_440_938_160);
        assert_eq!(t.amz_date(), "20150830T123600Z");
        assert_eq!(t.date_stamp(), "20150830");
    }

    #[test]
    fn leap_days_and_bad_input() {
        let t = Timestamp::parse_rfc3339("2024-02-29T23:59:59Z").unwrap();
        assert_eq!(t.amz_date(), "20240229T235959Z");
        assert_eq!(t.plus_secs(1).amz_date(), "20240301T000000Z");
        assert!(Timestamp::parse_rfc3339("2024-13-01T00:00:00Z").is_none());
        assert!(Timestamp::parse_rfc3339("garbage").is_none());
        assert_eq!(Timestamp::from_unix_millis(1_500).unix_secs(), 1);
    }
}
