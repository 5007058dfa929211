//! Newline-delimited JSON decoder (Ollama `/api/chat`, TGI-style streams): yields each
//! non-blank line.
//!
//! Design:
//!
//! * Lines end with LF only; a CR before the LF is trimmed (CRLF senders), but a bare CR is
//!   kept: it is JSON whitespace, not a line break. Splitting is shared with SSE
//!   (`lines.rs`): linear, and a line is decoded only once complete, so a UTF-8 character split
//!   across feeds is decoded whole.
//! * Lines made only of JSON whitespace (space, tab, CR) are skipped; other lines are passed
//!   on as they are (JSON parsing is the format layer's job). A leading UTF-8 BOM is stripped.
//! * Text is decoded lossily (U+FFFD for invalid bytes), as the JS peers (`TextDecoder`-based
//!   readers) do, so the same bytes give the same text everywhere.
//! * The final line may lack its newline: [`NdjsonDecoder::finish`] emits it. Unlike SSE and
//!   event-stream, NDJSON cannot tell a cut final line from an unterminated one; a cut JSON
//!   value fails to parse in the format layer, which reports it.
//! * Memory is bounded: a line longer than the limit ([`DEFAULT_MAX_LINE_LEN`] unless set
//!   with [`NdjsonDecoder::with_max_len`]) is [`CodecError::TooLarge`].

use super::lines::{LineSplitter, Terminators};
use super::CodecError;
use alloc::string::String;
use alloc::vec::Vec;

/// Default bound on one line: 16 MiB.
pub const DEFAULT_MAX_LINE_LEN: usize = 16 * 1024 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Incremental NDJSON line splitter: `feed` bytes as they arrive, then `finish` once.
///
/// After an error every later call returns the same error. After a successful `finish` the
/// decoder is reset and can decode a new stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NdjsonDecoder {
    lines: LineSplitter,
    at_start: bool,
    max_len: usize,
    error: Option<CodecError>,
}

impl Default for NdjsonDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl NdjsonDecoder {
    /// A new decoder with the default line limit ([`DEFAULT_MAX_LINE_LEN`]).
    pub fn new() -> Self {
        Self::with_max_len(DEFAULT_MAX_LINE_LEN)
    }

    /// A new decoder that rejects lines longer than `max_len` bytes.
    pub fn with_max_len(max_len: usize) -> Self {
        NdjsonDecoder {
            lines: LineSplitter::new(Terminators::Lf, max_len),
            at_start: true,
            max_len,
            error: None,
        }
    }

    /// Feeds bytes; complete non-blank lines are appended to `out`. The bytes may be split
    /// anywhere.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<String>) -> Result<(), CodecError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let at_start = &mut self.at_start;
        let r = self.lines.feed(input, |line| {
            push_line(at_start, line, out);
            Ok(())
        });
        if let Err(e) = &r {
            self.error = Some(e.clone());
        }
        r
    }

    /// Ends the stream; a final line without newline is emitted.
    pub fn finish(&mut self, out: &mut Vec<String>) -> Result<(), CodecError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if let Some(last) = self.lines.finish() {
            push_line(&mut self.at_start, &last, out);
        }
        *self = Self::with_max_len(self.max_len);
        Ok(())
    }
}

/// Emits one complete line unless it is blank.
fn push_line(at_start: &mut bool, line: &[u8], out: &mut Vec<String>) {
    let mut line = line;
    if *at_start {
        *at_start = false;
        if let Some(rest) = line.strip_prefix(BOM) {
            line = rest;
        }
    }
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
        return;
    }
    // Validate first: cheaper than the lossy decoder's walk, and the same text when valid.
    out.push(match core::str::from_utf8(line) {
        Ok(s) => String::from(s),
        Err(_) => String::from_utf8_lossy(line).into_owned(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn decode(pieces: &[&[u8]]) -> Result<Vec<String>, CodecError> {
        let mut d = NdjsonDecoder::new();
        let mut out = Vec::new();
        for p in pieces {
            d.feed(p, &mut out)?;
        }
        d.finish(&mut out)?;
        Ok(out)
    }

    #[test]
    fn blank_lines_crlf_and_final_line() {
        let body = "\u{feff}{\"a\":1}\r\n\n  \t\r\n{\"b\":\"\u{e9}\"}\n{\"c\":3}".as_bytes();
        let want = vec!["{\"a\":1}", "{\"b\":\"\u{e9}\"}", "{\"c\":3}"];
        assert_eq!(decode(&[body]).unwrap(), want);
        for i in 0..=body.len() {
            for j in i..=body.len() {
                let (a, rest) = body.split_at(i);
                let (b, c) = rest.split_at(j - i);
                assert_eq!(decode(&[a, b, c]).unwrap(), want, "split at {i}, {j}");
            }
        }
    }

    #[test]
    fn bare_cr_is_not_a_line_break() {
        assert_eq!(decode(&[b"{\"a\":\r1}\n"]).unwrap(), vec!["{\"a\":\r1}"]);
    }

    #[test]
    fn partial_line_at_end_is_emitted_not_an_error() {
        assert_eq!(
            decode(&[b"{\"a\":1}\n{\"b\""]).unwrap(),
            vec!["{\"a\":1}", "{\"b\""]
        );
        assert_eq!(decode(&[b"  "]).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn long_line_is_too_large_and_sticky() {
        let mut d = NdjsonDecoder::with_max_len(4);
        let mut out = Vec::new();
        assert!(matches!(
            d.feed(b"{\"ab\":1}", &mut out),
            Err(CodecError::TooLarge(_))
        ));
        assert!(d.finish(&mut out).is_err());
    }
}
