//! JSON values from bytes through the `&str` parser.
//!
//! `serde_json::from_slice` monomorphizes a second copy of the parser over its byte reader
//! (7.4 KB of code in the size-first `.wasm`, 1.75 KB gzip) beside the `&str` reader every
//! other parse uses. The two accept the same documents: JSON outside strings is ASCII and
//! `from_slice` refuses invalid UTF-8 inside strings, so bytes parse with `from_slice` exactly
//! when they are UTF-8 and parse with `from_str`, into the same value, with the same error
//! when they are UTF-8. Bytes that are not UTF-8 fail either way; the error then names the
//! first invalid byte's position (`from_slice` names the end of the string holding it, or an
//! earlier syntax error). The gateway's request bodies keep `from_slice`: its error text is the
//! gateway's answer to a client, and the gateway is not the browser build.

use core::fmt;
use serde_json::Value;

/// Why bytes are not a JSON value.
#[derive(Debug)]
pub(crate) enum Error {
    /// They are UTF-8 but not JSON.
    Json(serde_json::Error),
    /// They are not UTF-8: the first invalid byte's 1-based line and column (in bytes).
    Utf8 { line: usize, column: usize },
}

impl Error {
    /// Whether the text ended inside the document (a cut body), as
    /// [`serde_json::Error::is_eof`].
    pub(crate) fn is_eof(&self) -> bool {
        matches!(self, Error::Json(e) if e.is_eof())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Json(e) => e.fmt(f),
            // serde_json's wording for invalid UTF-8 in a string.
            Error::Utf8 { line, column } => {
                write!(
                    f,
                    "invalid unicode code point at line {line} column {column}"
                )
            }
        }
    }
}

/// `bytes` as a JSON value.
pub(crate) fn value(bytes: &[u8]) -> Result<Value, Error> {
    match core::str::from_utf8(bytes) {
        Ok(s) => serde_json::from_str(s).map_err(Error::Json),
        Err(e) => {
            let before = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            Err(Error::Utf8 {
                line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
                column: 1 + before.len() - line_start,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// The same values, and the same errors on UTF-8, as `from_slice`; an error on non-UTF-8
    /// wherever `from_slice` gives one.
    #[test]
    fn agrees_with_from_slice() {
        let cases: [&[u8]; 11] = [
            br#"{"error":{"message":"x"}}"#,
            b"[1, 2.5, null]",
            b"  \"caf\xc3\xa9\"  ",
            b"{\"a\":\"\xff\"}",
            b"\xff{}",
            b"{\"a\":1",
            b"",
            b"upstream connect error",
            b"{\"a\":\"\\ud83d\\ude00\"}",
            b"{\"a\":\n\"b\xc3\"}",
            b"{\"a\":1} x",
        ];
        for c in cases {
            let ours = super::value(c);
            let theirs = serde_json::from_slice::<Value>(c);
            match (&ours, &theirs) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(super::Error::Json(a)), Err(b)) => {
                    assert_eq!(a.to_string(), b.to_string());
                    assert_eq!(a.is_eof(), b.is_eof());
                }
                (Err(super::Error::Utf8 { .. }), Err(b)) => assert!(!b.is_eof()),
                _ => panic!("{c:?}: {ours:?} vs {theirs:?}"),
            }
        }
        assert_eq!(
            super::value(b"{\"a\":\n\"b\xc3\"}")
                .unwrap_err()
                .to_string(),
            "invalid unicode code point at line 2 column 3"
        );
    }
}
