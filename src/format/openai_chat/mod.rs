//! OpenAI Chat Completions (`/chat/completions`) and its compatible hosts: OpenAI, Azure,
//! Groq, OpenRouter, DeepSeek, xAI, Cerebras, Snowflake Cortex, Hugging Face, Z.ai, LiteLLM,
//! Venice, Databricks, Crusoe, Ollama's `/v1` endpoint, and TGI's Messages route (TGI's
//! `/v1/chat/completions` is this format; only its native `/generate` routes are `tgi`).
//!
//! * [`encode`]: canonical request → body ([`request`] for host/model rules, `messages` for
//!   the message mapping);
//! * [`decode_body`]: `chat.completion` bodies and error bodies;
//! * [`Stream`]: the `chat.completion.chunk` state machine (completion rule and tool-call keying
//!   documented in [`stream`]);
//! * the gateway direction: [`parse_inbound`] (client request → canonical) and [`SseWriter`],
//!   [`response_body`], [`error_body`] (canonical → what an OpenAI client expects).
//!
//! The building blocks (`messages::Dialect`, `request::encode_common`, the stream machine,
//! usage and finish normalization) are shared with `mistral`, and the finish table with
//! `ollama` and `tgi`.

mod fast;
#[cfg(feature = "fast-decode")]
#[doc(hidden)]
pub use fast::{scan_check, serde_reads};
pub(crate) mod finish;
pub(crate) mod inbound;
pub(crate) mod json;
pub(crate) mod messages;
pub mod request;
pub(crate) mod response;
pub(crate) mod rules;
mod sse_out;
pub mod stream;
pub(crate) mod usage;

pub use inbound::{parse_inbound, parse_inbound_with_warnings};
pub use request::encode;
pub use response::decode_body;
pub use sse_out::{error_body, response_body, response_body_at, SseWriter};
pub use stream::Stream;

#[cfg(test)]
mod tests;
