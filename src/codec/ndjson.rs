//! Newline-delimited JSON decoder: yields each non-blank line.
use super::CodecError;
use alloc::string::String;
use alloc::vec::Vec;

/// Incremental NDJSON line splitter.
#[derive(Debug, Default)]
pub struct NdjsonDecoder {
    _private: (),
}

impl NdjsonDecoder {
    /// A new decoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds bytes; complete non-blank lines are appended to `out`.
    pub fn feed(&mut self, _input: &[u8], _out: &mut Vec<String>) -> Result<(), CodecError> {
        Err(CodecError::Malformed(String::from(
            "NDJSON decoder not implemented yet",
        )))
    }

    /// Ends the stream; a final line without newline is emitted.
    pub fn finish(&mut self, _out: &mut Vec<String>) -> Result<(), CodecError> {
        Ok(())
    }
}
