//! Server-sent events decoder (WHATWG grammar).
use super::CodecError;
use alloc::string::String;
use alloc::vec::Vec;

/// One dispatched SSE event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SseEvent {
    /// `event:` field (empty means the default, `message`).
    pub event: String,
    /// `data:` lines joined with `\n`.
    pub data: String,
    /// Last event id (`id:` field), if one was set.
    pub id: Option<String>,
    /// `retry:` reconnection time in ms, if set on this event.
    pub retry: Option<u64>,
}

/// Incremental SSE decoder.
#[derive(Debug, Default)]
pub struct SseDecoder {
    _private: (),
}

impl SseDecoder {
    /// A new decoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; complete events are appended to `out`.
    pub fn feed(&mut self, _input: &[u8], _out: &mut Vec<SseEvent>) -> Result<(), CodecError> {
        Err(CodecError::Malformed(String::from(
            "SSE decoder not implemented yet",
        )))
    }

    /// Ends the stream; a partial event is an error.
    pub fn finish(&mut self, _out: &mut Vec<SseEvent>) -> Result<(), CodecError> {
        Ok(())
    }
}
