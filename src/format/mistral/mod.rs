//! Mistral chat (`api.mistral.ai/v1/chat/completions`): OpenAI-like, with its own dialect.
//!
//! Differences from `openai_chat`, all handled by configuring the shared building blocks:
//!
//! * content may be an array of chunks: `text`, `thinking` (Magistral reasoning, `{thinking:
//!   [{type: "text", text}]}`), `image_url`, `document_url`: decoded by the shared content
//!   decoder, and thinking blocks in history are replayed as thinking chunks;
//! * tool-call ids must be 9 alphanumeric characters: other ids are mapped by [`tool_id`]
//!   (deterministic, so a `tool_use` and its `tool_result` map to the same id);
//! * `tool_choice: "any"` for "must call a tool", `max_tokens`, no `stream_options` (Mistral
//!   sends usage on its last chunk anyway), no `user` field;
//! * reasoning: `prompt_mode: "reasoning"` for Magistral models;
//! * `providerOptions.mistral` passes through (`safe_prompt`, `random_seed`, …), with `seed`
//!   renamed to Mistral's `random_seed`.
//!
//! Streams and bodies are the Chat Completions ones (tool calls come without `index`, keyed by
//! id): [`Stream`] and [`decode_body`] are the shared ones.

mod ids;
mod request;

pub use ids::tool_id;
pub use request::encode;

use crate::error::Result;
use crate::format::{openai_chat, Emitter, StreamMachine, WireEvent};
use serde_json::Value;

/// Non-streaming body → chunks (the shared Chat Completions decoder).
pub fn decode_body(body: &Value, em: &mut Emitter) -> Result<()> {
    openai_chat::decode_body(body, em)
}

/// Stream state machine: the Chat Completions one, which also reads content-chunk arrays and
/// thinking chunks.
#[derive(Debug, Default)]
pub struct Stream(openai_chat::Stream);

impl StreamMachine for Stream {
    fn on_event(&mut self, event: WireEvent<'_>, em: &mut Emitter) -> Result<()> {
        self.0.on_event(event, em)
    }

    fn on_end(&mut self, em: &mut Emitter) -> Result<()> {
        self.0.on_end(em)
    }
}
