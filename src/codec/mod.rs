//! Sans-IO stream framing (DESIGN §3.5): SSE, NDJSON and the AWS event-stream.
//!
//! Each decoder is `feed(&[u8], &mut Vec<Event>)` plus `finish(&mut Vec<Event>)`. Bytes may be
//! split anywhere (inside a UTF-8 character, inside a CRLF, inside a frame prelude) and the
//! events are identical. Buffering is linear. A truncated stream is an error from `finish()`.
//!
//! Shared behaviour: only the unfinished tail (a partial line, a partial frame) is ever
//! buffered, each input byte is scanned once and copied at most once; lines and frames are
//! bounded (16 MiB by default) so a hostile body cannot exhaust memory; nothing indexes by an
//! untrusted length without a check, so no input panics. An error is sticky (every later call
//! returns it), and a successful `finish()` resets the decoder for a new stream. SSE and NDJSON
//! share one line splitter (`lines.rs`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

pub mod event_stream;
mod lines;
pub mod ndjson;
pub mod sse;
pub(crate) mod swar;

pub use event_stream::{EventStreamDecoder, Frame, HeaderValue};
pub use ndjson::NdjsonDecoder;
pub use sse::{SseDecoder, SseEvent};

/// What the three decoders share: bytes in with `feed`, the end of the body with `finish`.
/// For code written once over every framing (the split-invariance checks of the tests and the
/// fuzz targets); the stream decoders above hold the concrete types.
pub trait Decoder: Default {
    /// One decoded unit: an SSE event, an NDJSON line, an event-stream frame.
    type Event;
    /// Decodes `input`, appending the events it completes.
    fn feed(&mut self, input: &[u8], out: &mut Vec<Self::Event>) -> Result<(), CodecError>;
    /// Ends the body: a final event, or an error when it was cut.
    fn finish(&mut self, out: &mut Vec<Self::Event>) -> Result<(), CodecError>;
}

macro_rules! decoder {
    ($t:ty, $e:ty) => {
        impl Decoder for $t {
            type Event = $e;
            fn feed(&mut self, input: &[u8], out: &mut Vec<$e>) -> Result<(), CodecError> {
                <$t>::feed(self, input, out)
            }
            fn finish(&mut self, out: &mut Vec<$e>) -> Result<(), CodecError> {
                <$t>::finish(self, out)
            }
        }
    };
}
decoder!(SseDecoder, SseEvent);
decoder!(NdjsonDecoder, String);
decoder!(EventStreamDecoder, Frame);

/// Decodes a body delivered in `parts` with a fresh `D`: the events decoded before the first
/// error (or all of them), and how the body ended.
pub fn decode_parts<D: Decoder>(parts: &[&[u8]]) -> (Vec<D::Event>, Result<(), CodecError>) {
    let mut d = D::default();
    let mut out = Vec::new();
    for p in parts {
        if let Err(e) = d.feed(p, &mut out) {
            return (out, Err(e));
        }
    }
    let r = d.finish(&mut out);
    (out, r)
}

/// A framing error. Converted to `ProviderError` of kind `Decode` (or `NetworkError` for
/// truncation) by the layers above.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CodecError {
    /// The input ended in the middle of an event, line or frame.
    Truncated(String),
    /// Bytes that are not valid UTF-8 where text was required.
    InvalidUtf8,
    /// AWS event-stream prelude CRC mismatch.
    PreludeChecksum {
        /// CRC stored in the frame.
        expected: u32,
        /// CRC computed over the prelude.
        computed: u32,
    },
    /// AWS event-stream message CRC mismatch.
    MessageChecksum {
        /// CRC stored in the frame.
        expected: u32,
        /// CRC computed over the message.
        computed: u32,
    },
    /// A frame or line is longer than the decoder accepts.
    TooLarge(String),
    /// Any other malformed input.
    Malformed(String),
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodecError::Truncated(m) => write!(f, "stream truncated: {m}"),
            CodecError::InvalidUtf8 => write!(f, "invalid UTF-8 in stream"),
            CodecError::PreludeChecksum { expected, computed } => write!(
                f,
                "event-stream prelude checksum mismatch (expected {expected:#010x}, computed {computed:#010x})"
            ),
            CodecError::MessageChecksum { expected, computed } => write!(
                f,
                "event-stream message checksum mismatch (expected {expected:#010x}, computed {computed:#010x})"
            ),
            CodecError::TooLarge(m) => write!(f, "frame too large: {m}"),
            CodecError::Malformed(m) => write!(f, "malformed stream: {m}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CodecError {}

impl From<CodecError> for crate::error::ProviderError {
    fn from(e: CodecError) -> Self {
        use crate::error::{ErrorKind, ProviderError};
        let kind = match e {
            CodecError::Truncated(_) => ErrorKind::NetworkError,
            _ => ErrorKind::Decode,
        };
        ProviderError::new(kind, alloc::format!("{e}"))
    }
}
