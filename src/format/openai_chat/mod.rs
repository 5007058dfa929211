//! The `openai_chat` wire format (stub: to be implemented).
use crate::error::{ProviderError, Result};
use crate::format::{Emitter, EncodeContext, Encoded, StreamMachine, WireEvent};
use crate::message::Request;
use serde_json::Value;

/// Canonical request → wire body.
pub fn encode(_req: &Request, _ctx: &EncodeContext) -> Result<Encoded> {
    Err(ProviderError::internal(
        "openai_chat encoder not implemented yet",
    ))
}

/// Non-streaming body → chunks.
pub fn decode_body(_body: &Value, _em: &mut Emitter) -> Result<()> {
    Err(ProviderError::internal(
        "openai_chat body decoder not implemented yet",
    ))
}

/// Stream state machine.
#[derive(Debug, Default)]
pub struct Stream {}

impl StreamMachine for Stream {
    fn on_event(&mut self, _event: WireEvent<'_>, _em: &mut Emitter) -> Result<()> {
        Err(ProviderError::internal(
            "openai_chat stream decoder not implemented yet",
        ))
    }
    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        em.end();
        Ok(())
    }
}
