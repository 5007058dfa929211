//! AWS binary event-stream decoder (`application/vnd.amazon.eventstream`, Bedrock
//! ConverseStream / InvokeModelWithResponseStream, SageMaker response streams).
//!
//! Frame layout (all integers big-endian):
//!
//! ```text
//! total length u32 | headers length u32 | prelude CRC32 u32     (the 12-byte prelude)
//! headers: (name len u8, name, type u8, value)*                  (headers length bytes)
//! payload                                                        (the rest)
//! message CRC32 u32                                              (over everything before it)
//! ```
//!
//! Design:
//!
//! * The prelude is checked as soon as its 12 bytes are in: CRC first (so a corrupted length is
//!   reported as the checksum error it is, as the aws-sdk-go vectors expect), then the limits:
//!   a total below 16 bytes is [`CodecError::Malformed`], above [`MAX_FRAME_LEN`] (16 MiB, the
//!   service limit) [`CodecError::TooLarge`] *before* anything is buffered, a headers length
//!   past the frame is `Malformed`, above [`MAX_HEADERS_LEN`] (128 KiB) `TooLarge`.
//! * Frames wholly inside one feed are decoded straight from the input (no copy); otherwise
//!   only the current frame is buffered, each byte copied once. Linear in any chunking.
//! * Both CRCs are verified (CRC-32, `crc32`) before any header is parsed; every header type 0–9 is
//!   decoded, an unknown type is `Malformed`, header names and string values must be UTF-8
//!   ([`CodecError::InvalidUtf8`]). All reads are bounds-checked: nothing panics.
//! * A frame cut short at [`EventStreamDecoder::finish`] is [`CodecError::Truncated`].

use super::lines::RETAIN_CAPACITY;
use super::CodecError;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use crc::{Crc, Table, CRC_32_ISO_HDLC};

/// Largest accepted frame (total length), as the AWS services bound it: 16 MiB.
pub const MAX_FRAME_LEN: usize = 16 * 1024 * 1024;
/// Largest accepted headers section: 128 KiB.
pub const MAX_HEADERS_LEN: usize = 128 * 1024;

/// CRC-32 (IEEE, as zlib and AWS use it) with one 1 KiB table built at compile time: the
/// slice-by-16 tables of faster implementations are 16 KiB of incompressible data in the
/// `.wasm`, and event-stream frames arrive at network speed.
static CRC32: Crc<u32, Table<1>> = Crc::<u32, Table<1>>::new(&CRC_32_ISO_HDLC);

/// The CRC-32 of `bytes`.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    CRC32.checksum(bytes)
}

/// The CRC-32 of the bytes whose CRC-32 is `crc` followed by `bytes` (`crc32_update(0, b)` is
/// `crc32(b)`).
pub(crate) fn crc32_update(crc: u32, bytes: &[u8]) -> u32 {
    // The crate reflects a custom initial value before use; the register continuing a
    // finished CRC is its complement (undoing the final XOR).
    let mut d = CRC32.digest_with_initial((!crc).reverse_bits());
    d.update(bytes);
    d.finalize()
}

const PRELUDE_LEN: usize = 12;
/// Prelude plus message CRC: the smallest possible frame.
const MIN_FRAME_LEN: usize = 16;

/// A typed header value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderValue {
    /// Type 0/1.
    Bool(bool),
    /// Type 2.
    Byte(i8),
    /// Type 3.
    Int16(i16),
    /// Type 4.
    Int32(i32),
    /// Type 5.
    Int64(i64),
    /// Type 6.
    ByteArray(Vec<u8>),
    /// Type 7.
    String(String),
    /// Type 8: milliseconds since the epoch.
    Timestamp(i64),
    /// Type 9.
    Uuid([u8; 16]),
}

/// One decoded frame.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Frame {
    /// Headers in order.
    pub headers: Vec<(String, HeaderValue)>,
    /// Payload bytes.
    pub payload: Vec<u8>,
}

impl Frame {
    /// A string header's value (`:event-type`, `:message-type`, `:exception-type`, …).
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.headers.iter().find_map(|(k, v)| match v {
            HeaderValue::String(s) if k == name => Some(s.as_str()),
            _ => None,
        })
    }
}

/// The validated lengths of a frame, from its prelude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Prelude {
    total: usize,
    headers: usize,
}

/// Incremental event-stream decoder: `feed` bytes as they arrive, then `finish` once.
///
/// A bad CRC or a bad frame is an error from `feed`; after an error every later call returns
/// the same error. After a successful `finish` the decoder is reset.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EventStreamDecoder {
    /// Bytes of the current, unfinished frame.
    buf: Vec<u8>,
    /// The current frame's prelude, once its 12 bytes are in and valid.
    current: Option<Prelude>,
    error: Option<CodecError>,
}

impl EventStreamDecoder {
    /// A new decoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; complete frames are appended to `out`. The bytes may be split anywhere.
    pub fn feed(&mut self, input: &[u8], out: &mut Vec<Frame>) -> Result<(), CodecError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let r = self.feed_inner(input, out);
        if let Err(e) = &r {
            self.error = Some(e.clone());
        }
        r
    }

    /// Ends the stream; a partial frame is [`CodecError::Truncated`].
    pub fn finish(&mut self, _out: &mut Vec<Frame>) -> Result<(), CodecError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if !self.buf.is_empty() {
            let e = CodecError::Truncated(format!(
                "event-stream ends inside a frame ({} of {} bytes)",
                self.buf.len(),
                self.current
                    .map_or(String::from("at least 16"), |p| format!("{}", p.total))
            ));
            self.error = Some(e.clone());
            return Err(e);
        }
        *self = Self::new();
        Ok(())
    }

    fn feed_inner(&mut self, input: &[u8], out: &mut Vec<Frame>) -> Result<(), CodecError> {
        let mut rest = input;
        loop {
            if self.buf.is_empty() {
                // Fast path: frames wholly inside the input are decoded in place.
                if let Some(prelude_bytes) = rest.get(..PRELUDE_LEN) {
                    let p = read_prelude(prelude_bytes)?;
                    if let Some(frame) = rest.get(..p.total) {
                        out.push(decode_frame(frame, p)?);
                        rest = rest.get(p.total..).unwrap_or_default();
                        continue;
                    }
                    self.current = Some(p);
                }
                if rest.is_empty() {
                    return Ok(());
                }
            }
            let p = match self.current {
                Some(p) => p,
                None => {
                    rest = self.take_up_to(PRELUDE_LEN, rest);
                    if self.buf.len() < PRELUDE_LEN {
                        return Ok(());
                    }
                    let p = read_prelude(&self.buf)?;
                    self.current = Some(p);
                    p
                }
            };
            rest = self.take_up_to(p.total, rest);
            if self.buf.len() < p.total {
                return Ok(());
            }
            let frame = decode_frame(&self.buf, p);
            self.current = None;
            if self.buf.capacity() > RETAIN_CAPACITY {
                self.buf = Vec::new();
            } else {
                self.buf.clear();
            }
            out.push(frame?);
        }
    }

    /// Moves bytes from `rest` into the buffer until it holds `len` bytes (or `rest` is
    /// used up); returns what is left of `rest`.
    fn take_up_to<'a>(&mut self, len: usize, rest: &'a [u8]) -> &'a [u8] {
        let n = len.saturating_sub(self.buf.len()).min(rest.len());
        let (head, tail) = rest.split_at(n);
        self.buf.extend_from_slice(head);
        tail
    }
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([
        *b.first()?,
        *b.get(1)?,
        *b.get(2)?,
        *b.get(3)?,
    ]))
}

/// Validates a prelude (`bytes` holds at least its 12 bytes): CRC, then the length limits.
fn read_prelude(bytes: &[u8]) -> Result<Prelude, CodecError> {
    let short = || CodecError::Malformed(String::from("event-stream prelude too short"));
    let total = be_u32(bytes, 0).ok_or_else(short)?;
    let headers = be_u32(bytes, 4).ok_or_else(short)?;
    let expected = be_u32(bytes, 8).ok_or_else(short)?;
    let computed = crc32(bytes.get(..8).ok_or_else(short)?);
    if computed != expected {
        return Err(CodecError::PreludeChecksum { expected, computed });
    }
    // u32 always fits in usize on the 32- and 64-bit targets aster runs on; saturate anyway.
    let total_len = usize::try_from(total).unwrap_or(usize::MAX);
    let headers_len = usize::try_from(headers).unwrap_or(usize::MAX);
    if total_len < MIN_FRAME_LEN {
        return Err(CodecError::Malformed(format!(
            "event-stream frame length {total} is below the 16-byte minimum"
        )));
    }
    if total_len > MAX_FRAME_LEN {
        return Err(CodecError::TooLarge(format!(
            "event-stream frame of {total} bytes (limit {MAX_FRAME_LEN})"
        )));
    }
    if headers_len > total_len - MIN_FRAME_LEN {
        return Err(CodecError::Malformed(format!(
            "event-stream headers length {headers} exceeds the {total}-byte frame"
        )));
    }
    if headers_len > MAX_HEADERS_LEN {
        return Err(CodecError::TooLarge(format!(
            "event-stream headers of {headers} bytes (limit {MAX_HEADERS_LEN})"
        )));
    }
    Ok(Prelude {
        total: total_len,
        headers: headers_len,
    })
}

/// Decodes one whole frame (`frame.len() == p.total`, prelude already validated).
fn decode_frame(frame: &[u8], p: Prelude) -> Result<Frame, CodecError> {
    let bad = || CodecError::Malformed(String::from("event-stream frame shorter than declared"));
    let crc_at = p.total.checked_sub(4).ok_or_else(bad)?;
    let expected = be_u32(frame, crc_at).ok_or_else(bad)?;
    let computed = crc32(frame.get(..crc_at).ok_or_else(bad)?);
    if computed != expected {
        return Err(CodecError::MessageChecksum { expected, computed });
    }
    let headers_end = PRELUDE_LEN.checked_add(p.headers).ok_or_else(bad)?;
    let header_bytes = frame.get(PRELUDE_LEN..headers_end).ok_or_else(bad)?;
    let payload = frame.get(headers_end..crc_at).ok_or_else(bad)?;
    Ok(Frame {
        headers: parse_headers(header_bytes)?,
        payload: payload.to_vec(),
    })
}

/// A bounds-checked big-endian reader over the headers section.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        if n > self.0.len() {
            return Err(CodecError::Malformed(String::from(
                "event-stream header runs past the headers section",
            )));
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CodecError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, CodecError> {
        Ok(u8::from_be_bytes(self.array()?))
    }

    fn u16(&mut self) -> Result<u16, CodecError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn utf8(&mut self, n: usize) -> Result<String, CodecError> {
        let bytes = self.take(n)?;
        core::str::from_utf8(bytes)
            .map(String::from)
            .map_err(|_| CodecError::InvalidUtf8)
    }
}

fn parse_headers(bytes: &[u8]) -> Result<Vec<(String, HeaderValue)>, CodecError> {
    let mut r = Reader(bytes);
    let mut headers = Vec::new();
    while !r.0.is_empty() {
        let name_len = usize::from(r.u8()?);
        let name = r.utf8(name_len)?;
        let value = match r.u8()? {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(i8::from_be_bytes(r.array()?)),
            3 => HeaderValue::Int16(i16::from_be_bytes(r.array()?)),
            4 => HeaderValue::Int32(i32::from_be_bytes(r.array()?)),
            5 => HeaderValue::Int64(i64::from_be_bytes(r.array()?)),
            6 => {
                let n = usize::from(r.u16()?);
                HeaderValue::ByteArray(r.take(n)?.to_vec())
            }
            7 => {
                let n = usize::from(r.u16()?);
                HeaderValue::String(r.utf8(n)?)
            }
            8 => HeaderValue::Timestamp(i64::from_be_bytes(r.array()?)),
            9 => HeaderValue::Uuid(r.array()?),
            t => {
                return Err(CodecError::Malformed(format!(
                    "unknown event-stream header type {t}"
                )))
            }
        };
        headers.push((name, value));
    }
    Ok(headers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// Test-only encoder: one frame with these headers and payload, CRCs computed.
    fn encode(headers: &[(&str, HeaderValue)], payload: &[u8]) -> Vec<u8> {
        let mut h = Vec::new();
        for (name, v) in headers {
            h.push(name.len() as u8);
            h.extend_from_slice(name.as_bytes());
            let (t, bytes): (u8, Vec<u8>) = match v {
                HeaderValue::Bool(b) => (u8::from(!*b), vec![]),
                HeaderValue::Byte(x) => (2, x.to_be_bytes().to_vec()),
                HeaderValue::Int16(x) => (3, x.to_be_bytes().to_vec()),
                HeaderValue::Int32(x) => (4, x.to_be_bytes().to_vec()),
                HeaderValue::Int64(x) => (5, x.to_be_bytes().to_vec()),
                HeaderValue::ByteArray(b) => (6, [&(b.len() as u16).to_be_bytes()[..], b].concat()),
                HeaderValue::String(s) => (
                    7,
                    [&(s.len() as u16).to_be_bytes()[..], s.as_bytes()].concat(),
                ),
                HeaderValue::Timestamp(x) => (8, x.to_be_bytes().to_vec()),
                HeaderValue::Uuid(u) => (9, u.to_vec()),
            };
            h.push(t);
            h.extend(bytes);
        }
        raw_frame((h.len() + payload.len() + 16) as u32, &h, payload)
    }

    /// A frame with a declared total length (possibly a lie) and correct CRCs.
    fn raw_frame(total: u32, headers: &[u8], payload: &[u8]) -> Vec<u8> {
        let mut f = Vec::new();
        f.extend(total.to_be_bytes());
        f.extend((headers.len() as u32).to_be_bytes());
        f.extend(crc32(&f).to_be_bytes());
        f.extend_from_slice(headers);
        f.extend_from_slice(payload);
        f.extend(crc32(&f).to_be_bytes());
        f
    }

    fn decode(pieces: &[&[u8]]) -> Result<Vec<Frame>, CodecError> {
        let mut d = EventStreamDecoder::new();
        let mut out = Vec::new();
        for p in pieces {
            d.feed(p, &mut out)?;
        }
        d.finish(&mut out)?;
        Ok(out)
    }

    fn all_types() -> Vec<(&'static str, HeaderValue)> {
        vec![
            ("t", HeaderValue::Bool(true)),
            ("f", HeaderValue::Bool(false)),
            ("byte", HeaderValue::Byte(-49)),
            ("i16", HeaderValue::Int16(-2)),
            ("i32", HeaderValue::Int32(40972)),
            ("i64", HeaderValue::Int64(-42424242)),
            ("bytes", HeaderValue::ByteArray(vec![0, 255, 7])),
            (":event-type", HeaderValue::String("chunk".into())),
            ("ts", HeaderValue::Timestamp(8675309)),
            ("id", HeaderValue::Uuid([7; 16])),
        ]
    }

    #[test]
    fn every_header_type_round_trips_at_every_split() {
        let a = encode(&all_types(), b"{\"x\":1}");
        let b = encode(&[], b"");
        let body = [a.as_slice(), &b, &a].concat();
        let want = decode(&[&body]).unwrap();
        assert_eq!(want.len(), 3);
        assert_eq!(want[0].headers.len(), 10);
        assert_eq!(want[0].header_str(":event-type"), Some("chunk"));
        assert_eq!(want[0].payload, b"{\"x\":1}");
        for i in 0..=body.len() {
            let (x, y) = body.split_at(i);
            assert_eq!(decode(&[x, y]).unwrap(), want, "split at {i}");
        }
        let bytes: Vec<&[u8]> = body.chunks(1).collect();
        assert_eq!(decode(&bytes).unwrap(), want);
    }

    #[test]
    fn checksums() {
        let mut f = encode(&all_types(), b"payload");
        f[5] ^= 1; // headers length: prelude CRC
        assert!(matches!(
            decode(&[&f]),
            Err(CodecError::PreludeChecksum { .. })
        ));
        let mut f = encode(&all_types(), b"payload");
        let n = f.len();
        f[n - 6] ^= 1; // payload: message CRC
        assert!(matches!(
            decode(&[&f]),
            Err(CodecError::MessageChecksum { .. })
        ));
    }

    #[test]
    fn length_limits_are_checked_from_the_prelude_alone() {
        let zero = raw_frame(0, &[], &[]);
        let mut d = EventStreamDecoder::new();
        let mut out = Vec::new();
        assert!(matches!(
            d.feed(&zero[..12], &mut out),
            Err(CodecError::Malformed(_))
        ));
        // 16 MiB + 1 declared: rejected after 12 bytes, nothing more buffered.
        let huge = raw_frame(MAX_FRAME_LEN as u32 + 1, &[], &[]);
        let mut d = EventStreamDecoder::new();
        assert!(matches!(
            d.feed(&huge[..12], &mut out),
            Err(CodecError::TooLarge(_))
        ));
        assert!(matches!(d.finish(&mut out), Err(CodecError::TooLarge(_))));
        // A valid 16 MiB declaration is accepted and buffered (then cut: truncated).
        let max = raw_frame(MAX_FRAME_LEN as u32, &[], &[]);
        assert!(matches!(
            decode(&[&max[..12]]),
            Err(CodecError::Truncated(_))
        ));
    }

    #[test]
    fn headers_length_limits() {
        // Headers length past the frame (prelude CRC is valid).
        let mut f = Vec::new();
        f.extend(20u32.to_be_bytes());
        f.extend(5u32.to_be_bytes());
        f.extend(crc32(&f).to_be_bytes());
        assert!(matches!(decode(&[&f]), Err(CodecError::Malformed(_))));
        // Headers above 128 KiB.
        let big = vec![0u8; MAX_HEADERS_LEN + 1];
        let f = raw_frame((big.len() + 16) as u32, &big, &[]);
        assert!(matches!(decode(&[&f[..12]]), Err(CodecError::TooLarge(_))));
    }

    #[test]
    fn bad_headers() {
        let unknown = raw_frame(16 + 3, &[1, b'a', 10], &[]);
        assert!(matches!(decode(&[&unknown]), Err(CodecError::Malformed(_))));
        let past_end = raw_frame(16 + 5, &[1, b'a', 7, 0, 9], &[]);
        assert!(matches!(
            decode(&[&past_end]),
            Err(CodecError::Malformed(_))
        ));
        let name_past_end = raw_frame(16 + 2, &[9, b'a'], &[]);
        assert!(matches!(
            decode(&[&name_past_end]),
            Err(CodecError::Malformed(_))
        ));
        let bad_utf8 = raw_frame(16 + 3, &[1, 0xFF, 0], &[]);
        assert_eq!(decode(&[&bad_utf8]), Err(CodecError::InvalidUtf8));
        let bad_value = raw_frame(16 + 6, &[1, b'a', 7, 0, 1, 0xC3], &[]);
        assert_eq!(decode(&[&bad_value]), Err(CodecError::InvalidUtf8));
    }

    #[test]
    fn truncation_and_reset() {
        let f = encode(&all_types(), b"p");
        for cut in 1..f.len() {
            assert!(
                matches!(decode(&[&f[..cut]]), Err(CodecError::Truncated(_))),
                "{cut}"
            );
        }
        let mut d = EventStreamDecoder::new();
        let mut out = Vec::new();
        d.feed(&f, &mut out).unwrap();
        d.finish(&mut out).unwrap();
        d.feed(&f, &mut out).unwrap();
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn crc32_matches_an_independent_implementation_and_continues() {
        let text = b"The quick brown fox jumps over the lazy dog";
        assert_eq!(crc32(text), 0x414F_A339);
        assert_eq!(crc32(text), crc32fast::hash(text));
        for cut in 0..=text.len() {
            let (a, b) = text.split_at(cut);
            assert_eq!(crc32_update(crc32(a), b), crc32(text));
        }
        assert_eq!(crc32_update(0, b""), 0);
    }
}
