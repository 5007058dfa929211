//! Incremental line splitting shared by the SSE and NDJSON decoders.
//!
//! Bytes are scanned once: complete lines inside one `feed` are handed out as borrowed slices of
//! the input (no copy); only the unfinished tail of a feed is copied into `partial`, and it is
//! handed out (and cleared) as soon as its terminator arrives. So every byte is scanned once
//! and copied at most once, whatever the chunking: buffering is linear, never quadratic.
//!
//! Lines are bytes, not text: the callers decode a line as UTF-8 only once it is complete, so a
//! character split across two feeds is decoded whole.

use super::CodecError;
use alloc::format;
use alloc::vec::Vec;

/// A buffer above this capacity is released after use rather than kept for the next line, so
/// one huge line does not pin its memory for the rest of the stream.
pub(crate) const RETAIN_CAPACITY: usize = 64 * 1024;

/// Which bytes end a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Terminators {
    /// LF, CR or CRLF (the SSE grammar). A CR at the end of one feed followed by an LF at the
    /// start of the next is one line ending.
    AnyNewline,
    /// LF only (NDJSON). A CR before it stays in the line; a bare CR is JSON whitespace, not a
    /// line break.
    Lf,
}

/// Splits a byte stream into lines, whatever the chunking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LineSplitter {
    /// Bytes of the current, unfinished line (never contains a terminator).
    partial: Vec<u8>,
    /// The last byte seen was a CR that ended a line: an LF next is part of that line ending.
    after_cr: bool,
    terminators: Terminators,
    max_line: usize,
}

impl LineSplitter {
    /// A splitter that rejects lines longer than `max_line` bytes (terminator excluded).
    pub(crate) fn new(terminators: Terminators, max_line: usize) -> Self {
        LineSplitter {
            partial: Vec::new(),
            after_cr: false,
            terminators,
            max_line,
        }
    }

    /// Calls `on_line` with every line `input` completes, in order, without its terminator.
    /// Stops at the first error (from `on_line`, or a line longer than the limit).
    pub(crate) fn feed<F>(&mut self, input: &[u8], mut on_line: F) -> Result<(), CodecError>
    where
        F: FnMut(&[u8]) -> Result<(), CodecError>,
    {
        let mut rest = input;
        if self.after_cr {
            if let Some((&first, tail)) = rest.split_first() {
                self.after_cr = false;
                if first == b'\n' {
                    rest = tail;
                }
            }
        }
        let second = match self.terminators {
            Terminators::AnyNewline => b'\r',
            Terminators::Lf => b'\n',
        };
        loop {
            let Some(i) = find2(rest, b'\n', second) else {
                // No terminator: keep the tail for the next feed, bounded by the line limit.
                self.check_len(self.partial.len().saturating_add(rest.len()))?;
                self.partial.extend_from_slice(rest);
                return Ok(());
            };
            let line = rest.get(..i).unwrap_or_default();
            let term = rest.get(i).copied();
            rest = rest.get(i + 1..).unwrap_or_default();
            if term == Some(b'\r') {
                match rest.split_first() {
                    Some((&b'\n', tail)) => rest = tail,
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            if self.partial.is_empty() {
                self.check_len(line.len())?;
                on_line(line)?;
            } else {
                self.check_len(self.partial.len().saturating_add(line.len()))?;
                let mut full = core::mem::take(&mut self.partial);
                full.extend_from_slice(line);
                let r = on_line(&full);
                if full.capacity() <= RETAIN_CAPACITY {
                    full.clear();
                    self.partial = full;
                }
                r?;
            }
        }
    }

    /// Ends the input: returns the bytes after the last line terminator, if any, and resets
    /// the splitter.
    pub(crate) fn finish(&mut self) -> Option<Vec<u8>> {
        self.after_cr = false;
        if self.partial.is_empty() {
            None
        } else {
            Some(core::mem::take(&mut self.partial))
        }
    }

    fn check_len(&self, len: usize) -> Result<(), CodecError> {
        if len > self.max_line {
            Err(CodecError::TooLarge(format!(
                "line longer than {} bytes",
                self.max_line
            )))
        } else {
            Ok(())
        }
    }
}

/// Index of the first byte of `hay` equal to `x` or `y`.
///
/// Word-at-a-time ([`super::swar`]): several times faster than a byte loop on long JSON lines.
pub(crate) fn find2(hay: &[u8], x: u8, y: u8) -> Option<usize> {
    let mut i = 0;
    while let Some(w) = super::swar::word(hay, i) {
        let m = super::swar::eq(w, x) | super::swar::eq(w, y);
        if m != 0 {
            return Some(i + super::swar::first(m));
        }
        i += 8;
    }
    hay.get(i..)?
        .iter()
        .position(|&b| b == x || b == y)
        .map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn split(t: Terminators, pieces: &[&[u8]]) -> (Vec<Vec<u8>>, Option<Vec<u8>>) {
        let mut s = LineSplitter::new(t, 1 << 20);
        let mut lines = Vec::new();
        for p in pieces {
            s.feed(p, |l| {
                lines.push(l.to_vec());
                Ok(())
            })
            .unwrap();
        }
        (lines, s.finish())
    }

    #[test]
    fn find2_matches_a_byte_loop() {
        // Every placement of up to two terminators in 0..20-byte haystacks, with high bytes
        // around them (the cases where the word trick could mis-borrow).
        for len in 0..20 {
            for i in 0..=len {
                for j in 0..=len {
                    let mut h = vec![0x80u8; len];
                    h.iter_mut().enumerate().for_each(|(k, b)| *b ^= k as u8);
                    if i < len {
                        h[i] = b'\r';
                    }
                    if j < len {
                        h[j] = b'\n';
                    }
                    let want = h.iter().position(|&b| b == b'\n' || b == b'\r');
                    assert_eq!(find2(&h, b'\n', b'\r'), want, "{h:?}");
                    let want = h.iter().position(|&b| b == b'\n');
                    assert_eq!(find2(&h, b'\n', b'\n'), want, "{h:?}");
                }
            }
        }
        assert_eq!(find2(b"\x0b\x0e\x0c\x0d\x0a", b'\n', b'\r'), Some(3));
    }

    #[test]
    fn cr_then_lf_in_next_feed_is_one_line_ending() {
        let (lines, rest) = split(Terminators::AnyNewline, &[b"a\r", b"\nb\r", b"\r\n"]);
        assert_eq!(lines, vec![b"a".to_vec(), b"b".to_vec(), b"".to_vec()]);
        assert_eq!(rest, None);
    }

    #[test]
    fn empty_feed_keeps_pending_cr() {
        let (lines, _) = split(Terminators::AnyNewline, &[b"a\r", b"", b"\n", b"\n"]);
        assert_eq!(lines, vec![b"a".to_vec(), b"".to_vec()]);
    }

    #[test]
    fn lf_mode_keeps_cr_in_line() {
        let (lines, rest) = split(Terminators::Lf, &[b"a\r", b"\nb\rc"]);
        assert_eq!(lines, vec![b"a\r".to_vec()]);
        assert_eq!(rest, Some(b"b\rc".to_vec()));
    }

    #[test]
    fn line_limit_applies_to_partial_and_complete_lines() {
        let mut s = LineSplitter::new(Terminators::Lf, 4);
        assert!(s.feed(b"abcd\n", |_| Ok(())).is_ok());
        assert!(matches!(
            s.feed(b"abcde\n", |_| Ok(())),
            Err(CodecError::TooLarge(_))
        ));
        let mut s = LineSplitter::new(Terminators::Lf, 4);
        assert!(s.feed(b"abc", |_| Ok(())).is_ok());
        assert!(matches!(
            s.feed(b"de", |_| Ok(())),
            Err(CodecError::TooLarge(_))
        ));
    }
}
