//! Parsing of the waits providers ask for: `retry-after-ms`, `retry-after` (seconds or HTTP
//! date), OpenAI `x-ratelimit-reset-*` durations, Anthropic `anthropic-ratelimit-*-reset`
//! RFC 3339 timestamps, and Gemini `RetryInfo.retryDelay` durations.
//!
//! All results are milliseconds to wait from `now_unix_ms`, rounded *up* (we never wait less
//! than asked). A time in the past is a wait of 0. Unparseable values are ignored (`None`), never
//! an error: a bad hint must not turn a retryable failure into a different one.
//!
//! HTTP dates (`Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`) are parsed by [`parse_http_date_ms`]
//! with the `std` feature (without it they are not recognised and the backoff applies, as when
//! the `httpdate` crate parsed them: it needed `std`).

use crate::http::Headers;

/// Reset headers of the OpenAI family (also Groq, Azure, …): `(reset, remaining)` names.
/// Values are Go-style durations (`6m0s`, `1.5s`, `20ms`).
const DURATION_RESETS: [(&str, &str); 2] = [
    (
        "x-ratelimit-reset-requests",
        "x-ratelimit-remaining-requests",
    ),
    ("x-ratelimit-reset-tokens", "x-ratelimit-remaining-tokens"),
];

/// Anthropic's reset headers: `(reset, remaining)` names. Values are RFC 3339 timestamps.
const TIMESTAMP_RESETS: [(&str, &str); 4] = [
    (
        "anthropic-ratelimit-requests-reset",
        "anthropic-ratelimit-requests-remaining",
    ),
    (
        "anthropic-ratelimit-tokens-reset",
        "anthropic-ratelimit-tokens-remaining",
    ),
    (
        "anthropic-ratelimit-input-tokens-reset",
        "anthropic-ratelimit-input-tokens-remaining",
    ),
    (
        "anthropic-ratelimit-output-tokens-reset",
        "anthropic-ratelimit-output-tokens-remaining",
    ),
];

/// The wait a response asks for, from its headers, in the order of DESIGN §3.4:
/// `retry-after-ms`, `retry-after`, then — only when `rate_limited`, because OpenAI and
/// Anthropic send their reset headers on *every* response and they say nothing about a 500 —
/// the provider reset headers ([`reset_from_headers`]).
pub fn retry_after_from_headers(
    headers: &Headers,
    now_unix_ms: u64,
    rate_limited: bool,
) -> Option<u64> {
    hint_from_headers(headers, now_unix_ms).or_else(|| {
        if rate_limited {
            reset_from_headers(headers, now_unix_ms)
        } else {
            None
        }
    })
}

/// The explicit retry hint: `retry-after-ms` (milliseconds, may be fractional), else
/// `retry-after` (see [`parse_retry_after`]).
pub fn hint_from_headers(headers: &Headers, now_unix_ms: u64) -> Option<u64> {
    if let Some(ms) = headers
        .get("retry-after-ms")
        .and_then(|v| parse_decimal(v.trim()))
        .and_then(ceil_u64)
    {
        return Some(ms);
    }
    headers
        .get("retry-after")
        .and_then(|v| parse_retry_after(v, now_unix_ms))
}

/// The wait until a rate limit resets, from OpenAI-style `x-ratelimit-reset-{requests,tokens}`
/// or Anthropic `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset`.
///
/// Several limits may be reported. The ones whose `…-remaining` header says `0` are the ones
/// that were hit: wait for the latest of those. If none says so, wait for the earliest reset
/// (some capacity returns then; the backoff covers the rest) rather than for the longest one,
/// which may be a daily window and would fail fast for no reason.
pub fn reset_from_headers(headers: &Headers, now_unix_ms: u64) -> Option<u64> {
    let mut exhausted: Option<u64> = None;
    let mut earliest: Option<u64> = None;
    let mut note = |wait: u64, remaining: Option<&str>| {
        if remaining.map(str::trim) == Some("0") {
            exhausted = Some(exhausted.map_or(wait, |e| e.max(wait)));
        }
        earliest = Some(earliest.map_or(wait, |e| e.min(wait)));
    };
    for (reset, remaining) in DURATION_RESETS {
        if let Some(wait) = headers.get(reset).and_then(parse_reset_duration) {
            note(wait, headers.get(remaining));
        }
    }
    for (reset, remaining) in TIMESTAMP_RESETS {
        if let Some(at) = headers.get(reset).and_then(parse_rfc3339_ms) {
            note(at.saturating_sub(now_unix_ms), headers.get(remaining));
        }
    }
    exhausted.or(earliest)
}

/// A `Retry-After` value: delay seconds (`120`, also fractional `1.5`, which some providers
/// send) or an HTTP date (with the `std` feature), relative to `now_unix_ms`.
pub fn parse_retry_after(value: &str, now_unix_ms: u64) -> Option<u64> {
    let v = value.trim();
    if let Some(secs) = parse_decimal(v) {
        return ceil_u64(secs * 1000.0);
    }
    parse_http_date_ms(v).map(|at| at.saturating_sub(now_unix_ms))
}

/// Day names, Monday first; the first three letters are the short names.
pub(super) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[u8; 36] = b"JanFebMarAprMayJunJulAugSepOctNovDec";

/// An HTTP date (RFC 9110 §5.6.7) as Unix milliseconds: IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) or the obsolete RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`,
/// years 70–99 are 19xx) and asctime (`Sun Nov  6 08:49:37 1994`) forms. `None` unless the date
/// is real, its weekday right and its year 1970–9999: what the `httpdate` crate accepted, here
/// because that crate's `SystemTime` round trip cost the browser .wasm 4.6 KB.
pub(crate) fn parse_http_date_ms(s: &str) -> Option<u64> {
    if !s.is_ascii() {
        return None;
    }
    let b = s.trim().as_bytes();
    let month = |m: &[u8]| MONTHS.chunks(3).position(|n| n == m);
    let short_day = |d: &[u8]| WEEKDAYS.iter().position(|n| &n.as_bytes()[..3] == d);
    // (weekday from Monday = 0, day, month from January = 0, year, `hh:mm:ss`)
    let (wday, day, mon, year, time) = if b.len() == 29 && &b[3..5] == b", " {
        if b[7] != b' ' || b[11] != b' ' || b[16] != b' ' || &b[25..] != b" GMT" {
            return None;
        }
        let (day, year) = (digits(&b[5..7])?, digits(&b[12..16])?);
        (
            short_day(&b[..3])?,
            day,
            month(&b[8..11])?,
            year,
            &b[17..25],
        )
    } else if b.len() == 24 && b[3] == b' ' {
        if b[7] != b' ' || b[10] != b' ' || b[19] != b' ' {
            return None;
        }
        // The day is space-padded: `Nov  6`.
        let day = digits(if b[8] == b' ' { &b[9..10] } else { &b[8..10] })?;
        let year = digits(&b[20..24])?;
        (short_day(&b[..3])?, day, month(&b[4..7])?, year, &b[11..19])
    } else {
        let comma = b.iter().position(|&c| c == b',')?;
        let wday = WEEKDAYS.iter().position(|n| n.as_bytes() == &b[..comma])?;
        let r = &b[comma + 1..];
        // The byte between year and time goes unchecked, as `httpdate` left it.
        if r.len() != 23 || r[0] != b' ' || r[3] != b'-' || r[7] != b'-' || &r[19..] != b" GMT" {
            return None;
        }
        let yy = digits(&r[8..10])?;
        let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
        (wday, digits(&r[1..3])?, month(&r[4..7])?, year, &r[11..19])
    };
    if time[2] != b':' || time[5] != b':' {
        return None;
    }
    let (hour, minute, second) = (
        digits(&time[..2])?,
        digits(&time[3..5])?,
        digits(&time[6..])?,
    );
    let mon = mon as i64 + 1;
    if !(1970..=9999).contains(&year) || !is_date_time(year, mon, day, (hour, minute, second), 59) {
        return None;
    }
    let days = days_from_civil(year, mon, day);
    // 1970-01-01 was a Thursday (3, counting from Monday = 0).
    if (days + 3) % 7 != wday as i64 {
        return None;
    }
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second;
    u64::try_from(secs * 1000).ok()
}

/// A run of ASCII digits as a number; `None` if empty or anything else is in it.
fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, &c| n * 10 + i64::from(c - b'0')))
}

/// A Go-style duration (`6m0s`, `1.5s`, `20ms`, `1h2m3s`, `500us`, `0`) or a protobuf JSON
/// duration (`34.4s`, Gemini `RetryInfo.retryDelay`), in milliseconds rounded up.
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    if s == "0" {
        return Some(0);
    }
    let b = s.as_bytes();
    let mut i = 0;
    let mut total_ms = 0.0f64;
    let mut any = false;
    while i < b.len() {
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        let num = parse_decimal(s.get(start..i)?)?;
        let unit_start = i;
        while i < b.len() && !(b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        let factor = match s.get(unit_start..i)? {
            "h" => 3_600_000.0,
            "m" => 60_000.0,
            "s" => 1_000.0,
            "ms" => 1.0,
            "us" | "µs" | "μs" => 0.001,
            "ns" => 0.000_001,
            _ => return None,
        };
        total_ms += num * factor;
        any = true;
    }
    if any {
        ceil_u64(total_ms)
    } else {
        None
    }
}

/// A reset header value: a Go-style duration, or bare seconds (some OpenAI-compatible hosts
/// send `33011.38`).
fn parse_reset_duration(v: &str) -> Option<u64> {
    parse_duration_ms(v).or_else(|| parse_decimal(v.trim()).and_then(|s| ceil_u64(s * 1000.0)))
}

/// An RFC 3339 timestamp (`2024-05-01T12:34:56Z`, `…56.123456+02:00`) as Unix milliseconds;
/// `None` if malformed or before 1970.
pub fn parse_rfc3339_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let part = s.get(from..to)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse::<i64>().ok()
    };
    let sep = |at: usize, ok: &[u8]| b.get(at).is_some_and(|c| ok.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    // RFC 3339 allows a leap second (`:60`).
    if !is_date_time(year, month, day, (hour, minute, second), 60) {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        // Keep millisecond precision; round any further digits up (never wait less).
        let digits = s.get(start..i)?;
        for (n, c) in digits.bytes().enumerate() {
            let d = i64::from(c - b'0');
            match n {
                0 => millis += d * 100,
                1 => millis += d * 10,
                2 => millis += d,
                _ if d > 0 => {
                    millis += 1;
                    break;
                }
                _ => {}
            }
        }
    }
    let offset_min = match b.get(i) {
        Some(b'Z') | Some(b'z') if i + 1 == b.len() => 0,
        Some(&c @ (b'+' | b'-')) if i + 6 == b.len() && b.get(i + 3) == Some(&b':') => {
            let (oh, om) = (num(i + 1, i + 3)?, num(i + 4, i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let m = oh * 60 + om;
            if c == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    // A leap second (:60) is counted as the next second, which is the safe side for a wait.
    let secs = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_min * 60;
    let ms = secs.checked_mul(1000)?.checked_add(millis)?;
    u64::try_from(ms).ok()
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Whether the fields name a real calendar day and a time of day (seconds up to `max_second`):
/// the range check HTTP dates and RFC 3339 timestamps share.
fn is_date_time(
    year: i64,
    month: i64,
    day: i64,
    (h, m, s): (i64, i64, i64),
    max_second: i64,
) -> bool {
    (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && (0..=23).contains(&h)
        && (0..=59).contains(&m)
        && (0..=max_second).contains(&s)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A non-negative decimal (`12`, `1.5`, `.5`), strictly: no sign, exponent, `inf` or `NaN`,
/// which `f64::from_str` would accept.
pub(crate) fn parse_decimal(s: &str) -> Option<f64> {
    let mut digits = 0;
    let mut dots = 0;
    for c in s.bytes() {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if digits == 0 || dots > 1 {
        return None;
    }
    // As a JSON number (`.5` → `0.5`, `5.` → `5.0`, `007` → `7.0`) for the one float parser
    // the crate links.
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = if frac.is_empty() { "0" } else { frac };
    crate::float::parse_f64(&alloc::format!("{int}.{frac}"))
}

/// Rounds a non-negative finite value up to an integer (`ceil` is not in `core`); saturates.
pub(crate) fn ceil_u64(x: f64) -> Option<u64> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    let t = x as u64;
    if (t as f64) < x {
        Some(t.saturating_add(1))
    } else {
        Some(t)
    }
}
