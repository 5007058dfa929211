//! A strict, borrowing JSON scanner for the hot event shapes of the stream decoders.
//!
//! The typed serde parses of the formats' `fast` modules spend most of their time in serde's
//! generic machinery (key visitors, `Option` visitors, `IgnoredAny` for the many fields a
//! stream machine never reads). A format's scanner walks the event with this cursor instead,
//! matching keys as raw bytes and borrowing string values straight from the input, and fills
//! the same typed structs the serde path fills.
//!
//! The contract that keeps behaviour unchanged: a scanner answers `None` whenever it is not
//! certain that serde would produce exactly the same struct (an escaped key, a number that is
//! not a plain `u64`, a duplicate field, nesting deeper than [`MAX_DEPTH`], anything invalid);
//! the caller then takes the serde path, whose rules are the reference. So every method here
//! returns `None` on anything unexpected, and JSON it accepts is valid JSON by RFC 8259 with
//! serde_json's strictness (no control characters in strings, no trailing commas or text).
//! The fuzz target `scan_events` checks the agreement.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// Deeper nesting is left to serde (whose own recursion limit is 128).
const MAX_DEPTH: u32 = 64;

/// The index of the first byte from `i` on that ends a run of plain string text: a quote, a
/// backslash or a control character (which JSON strings may not hold raw); `None` when the
/// text runs to the end. Eight bytes per step ([`crate::codec::swar`]): string values are
/// most of a stream event's bytes.
fn string_stop(b: &[u8], mut i: usize) -> Option<usize> {
    use crate::codec::swar;
    while let Some(w) = swar::word(b, i) {
        let m = swar::eq(w, b'"') | swar::eq(w, b'\\') | swar::below(w, 0x20);
        if m != 0 {
            return Some(i + swar::first(m));
        }
        i += 8;
    }
    b.get(i..)?
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .map(|p| i + p)
}

/// A cursor over one JSON document.
pub(crate) struct Scan<'a> {
    s: &'a str,
    i: usize,
    depth: u32,
    /// Leave to the caller's reference anything a `serde_json::Value` might refuse where a
    /// skip would not (see [`Scan::as_value_would`]).
    as_value: bool,
}

impl<'a> Scan<'a> {
    /// A cursor at the start of `s`.
    pub(crate) fn new(s: &'a str) -> Self {
        Scan {
            s,
            i: 0,
            depth: 0,
            as_value: false,
        }
    }

    /// A cursor for a scanner whose reference is `serde_json::Value` rather than a typed
    /// struct. A `Value` refuses a number beyond `f64` range (`1e400`) and a string with a lone
    /// surrogate escape, both of which a typed struct skipping the field accepts; so here a
    /// number with an exponent or longer than 16 characters (not certainly in range) answers
    /// `None`, and a skipped string with escapes is decoded, not only checked.
    pub(crate) fn as_value_would(s: &'a str) -> Self {
        Scan {
            as_value: true,
            ..Scan::new(s)
        }
    }

    fn byte(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    /// Skips JSON whitespace; the next byte, if any.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        while let Some(b) = self.byte() {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(b);
            }
            self.i += 1;
        }
        None
    }

    fn eat(&mut self, want: u8) -> Option<()> {
        (self.peek()? == want).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.i + word.len();
        (self.s.get(self.i..end)? == word).then(|| self.i = end)
    }

    /// The end of the document: only whitespace remains.
    pub(crate) fn end(&mut self) -> Option<()> {
        self.peek().is_none().then_some(())
    }

    /// Consumes `null` if it comes next.
    pub(crate) fn null(&mut self) -> bool {
        self.peek() == Some(b'n') && self.literal("null").is_some()
    }

    /// The raw text of a string (between the quotes) and whether it holds escapes.
    fn raw_string(&mut self) -> Option<(&'a str, bool)> {
        self.eat(b'"')?;
        let start = self.i;
        let b = self.s.as_bytes();
        let mut escaped = false;
        loop {
            self.i = string_stop(b, self.i)?;
            match *b.get(self.i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    // The escape's validity is checked when the string is decoded; here only
                    // its extent matters (`\"` must not end the string).
                    self.i += 2;
                }
                _ => return None,
            }
        }
        let raw = self.s.get(start..self.i)?;
        self.i += 1;
        Some((raw, escaped))
    }

    /// A string value: borrowed when it has no escapes, else decoded by serde_json (so every
    /// escape rule, surrogate pairs included, is serde's).
    pub(crate) fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.i;
        let (raw, escaped) = self.raw_string()?;
        if !escaped {
            return Some(Cow::Borrowed(raw));
        }
        let quoted = self.s.get(start..self.i)?.trim_start();
        serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
    }

    /// `null` or a string.
    pub(crate) fn opt_string(&mut self) -> Option<Option<Cow<'a, str>>> {
        self.opt(Self::string)
    }

    /// The members `keys` of an object, each a string or null (`None` when null or absent);
    /// other members are skipped. A member given twice, or of another type, answers `None`.
    pub(crate) fn opt_strings<const N: usize>(
        &mut self,
        keys: &[&str; N],
    ) -> Option<[Option<Cow<'a, str>>; N]> {
        let mut out: [Option<Option<Cow<'a, str>>>; N] = core::array::from_fn(|_| None);
        self.object(|sc, key| match keys.iter().position(|k| *k == key) {
            Some(i) => once(out.get_mut(i)?, sc.opt_string()?),
            None => sc.skip(),
        })?;
        Some(out.map(Option::flatten))
    }

    /// `null` (`Some(None)`), or the value `f` reads (`Some(Some(..))`): serde's `Option<T>`.
    pub(crate) fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.null() {
            return Some(None);
        }
        f(self).map(Some)
    }

    /// An array whose elements `item` reads, in order: serde's `Vec<T>`.
    pub(crate) fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
    ) -> Option<Vec<T>> {
        let mut v = Vec::new();
        self.array(|sc| {
            v.push(item(sc)?);
            Some(())
        })?;
        Some(v)
    }

    /// `null`, `true` or `false`.
    pub(crate) fn opt_bool(&mut self) -> Option<Option<bool>> {
        match self.peek()? {
            b'n' => self.literal("null").map(|()| None),
            b't' => self.literal("true").map(|()| Some(true)),
            b'f' => self.literal("false").map(|()| Some(false)),
            _ => None,
        }
    }

    /// `null` or a plain non-negative integer that fits a `u64` (no sign, fraction or
    /// exponent: serde reads those differently, so they are left to it).
    pub(crate) fn opt_u64(&mut self) -> Option<Option<u64>> {
        if self.null() {
            return Some(None);
        }
        self.peek()?;
        let start = self.i;
        let b = self.s.as_bytes();
        let mut n: u64 = 0;
        while let Some(d) = b.get(self.i).filter(|d| d.is_ascii_digit()) {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            self.i += 1;
        }
        let len = self.i - start;
        // No digits, a leading zero, or a number that continues as a float.
        if len == 0 || (len > 1 && b.get(start) == Some(&b'0')) {
            return None;
        }
        if matches!(self.byte(), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        Some(Some(n))
    }

    /// The members of an object: `f(scan, key)` must consume the value. Keys with escapes are
    /// left to serde (`None`).
    pub(crate) fn object(
        &mut self,
        mut f: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'{')?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        if self.peek()? == b'}' {
            self.i += 1;
            self.depth -= 1;
            return Some(());
        }
        loop {
            let (key, escaped) = self.raw_string()?;
            if escaped {
                return None;
            }
            self.eat(b':')?;
            f(self, key)?;
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    self.depth -= 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// The elements of an array: `f(scan)` must consume each one.
    pub(crate) fn array(&mut self, mut f: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        if self.peek()? == b']' {
            self.i += 1;
            self.depth -= 1;
            return Some(());
        }
        loop {
            f(self)?;
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    self.depth -= 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Skips any value, checking that it is valid JSON.
    pub(crate) fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'{' => self.object(|s, _| s.skip()),
            b'[' => self.array(Self::skip),
            b'"' => {
                let start = self.i;
                let (_, escaped) = self.raw_string()?;
                if escaped {
                    // Escapes must be valid even in a skipped string: serde checks them. A
                    // `Value` decodes the string, which also refuses a lone surrogate
                    // (`\ud800`) that skipping lets pass.
                    let quoted = self.s.get(start..self.i)?;
                    if self.as_value {
                        serde_json::from_str::<String>(quoted).ok()?;
                    } else {
                        serde_json::from_str::<serde::de::IgnoredAny>(quoted).ok()?;
                    }
                }
                Some(())
            }
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.number(),
        }
    }

    /// A skipped value's raw text (as serde_json's `RawValue` would borrow it).
    pub(crate) fn raw(&mut self) -> Option<&'a str> {
        self.peek()?;
        let start = self.i;
        self.skip()?;
        self.s.get(start..self.i)
    }

    /// A number by the JSON grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        let b = self.s.as_bytes();
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        let mut i = self.i;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        if b.get(i) == Some(&b'0') {
            i += 1;
        } else if !digits(&mut i) {
            return None;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            if self.as_value {
                return None;
            }
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        if self.as_value && i - self.i > 16 {
            return None;
        }
        self.i = i;
        Some(())
    }
}

/// For the fuzz target `scan_events` and the corpus tests: `None` when a format's scanner left
/// `data` to serde (`scanned` is `None`), else whether serde reads `data` into exactly the
/// struct the scanner built.
#[cfg(feature = "fast-decode")]
pub(crate) fn agrees_with_serde<'a, T>(data: &'a str, scanned: Option<T>) -> Option<bool>
where
    T: serde::Deserialize<'a> + core::fmt::Debug,
{
    let c = scanned?;
    Some(
        serde_json::from_str::<T>(data)
            .is_ok_and(|d| alloc::format!("{c:?}") == alloc::format!("{d:?}")),
    )
}

/// Sets `slot` once: a second occurrence of a field is a duplicate, which serde refuses.
pub(crate) fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::Scan;

    fn skips(s: &str) -> bool {
        let mut sc = Scan::new(s);
        sc.skip().is_some() && sc.end().is_some()
    }

    #[test]
    fn accepts_exactly_what_serde_accepts() {
        for s in [
            r#"{"a":[1,-2.5e+3,0,true,false,null,"x\"y\u00e9"],"b":{}}"#,
            " [ ] ",
            "-0.0E-1",
            r#""\ud83d\ude00""#,
        ] {
            assert!(skips(s), "{s}");
            assert!(serde_json::from_str::<serde_json::Value>(s).is_ok(), "{s}");
        }
        for s in [
            "{,}",
            "[1,]",
            "01",
            "1.",
            "-",
            "1e",
            r#"{"a" 1}"#,
            "tru",
            "\"\u{1}\"",
            r#""\x""#,
            "[1] 2",
            "",
        ] {
            assert!(!skips(s), "{s}");
        }
    }

    #[test]
    fn skipped_strings_follow_serdes_ignore_rules() {
        // serde's `IgnoredAny` accepts a lone surrogate in a field it skips; so does `skip`.
        let s = r#"{"x":"\ud800","id":"a"}"#;
        assert!(skips(s));
        assert!(serde_json::from_str::<serde::de::IgnoredAny>(s).is_ok());
        assert_eq!(Scan::new(r#""\ud800""#).string(), None);
    }

    #[test]
    fn booleans() {
        for (s, want) in [
            ("true", Some(Some(true))),
            ("false", Some(Some(false))),
            ("null", Some(None)),
            ("\"true\"", None),
            ("1", None),
            ("tru", None),
        ] {
            assert_eq!(Scan::new(s).opt_bool(), want, "{s}");
        }
    }

    #[test]
    fn strings_and_integers() {
        let mut sc = Scan::new(r#"["plain","a\nb",null]"#);
        let mut got = alloc::vec::Vec::new();
        sc.array(|s| {
            got.push(s.opt_string()?);
            Some(())
        })
        .unwrap();
        assert_eq!(got[0].as_deref(), Some("plain"));
        assert_eq!(got[1].as_deref(), Some("a\nb"));
        assert_eq!(got[2], None);
        for (s, want) in [
            ("7", Some(Some(7))),
            ("null", Some(None)),
            ("07", None),
            ("1.0", None),
            ("-1", None),
            ("1e2", None),
            ("18446744073709551616", None),
        ] {
            assert_eq!(Scan::new(s).opt_u64(), want, "{s}");
        }
    }
}
