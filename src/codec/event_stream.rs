//! AWS binary event-stream decoder (application/vnd.amazon.eventstream).
use super::CodecError;
use alloc::string::String;
use alloc::vec::Vec;

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

/// Incremental event-stream decoder.
#[derive(Debug, Default)]
pub struct EventStreamDecoder {
    _private: (),
}

impl EventStreamDecoder {
    /// A new decoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; complete frames are appended to `out`.
    pub fn feed(&mut self, _input: &[u8], _out: &mut Vec<Frame>) -> Result<(), CodecError> {
        Err(CodecError::Malformed(String::from(
            "event-stream decoder not implemented yet",
        )))
    }

    /// Ends the stream; a partial frame is an error.
    pub fn finish(&mut self, _out: &mut Vec<Frame>) -> Result<(), CodecError> {
        Ok(())
    }
}
