//! Ollama's native chat API (`POST /api/chat`), streamed as NDJSON.
//!
//! (Ollama's OpenAI-compatible `/v1/chat/completions` endpoint is the `openai_chat` format.)
//!
//! * [`encode`]: `{model, messages, tools, stream, think, format, options, keep_alive}`; see
//!   [`request`](self::encode) for the mapping.
//! * [`Stream`]: one JSON object per line, `{"model", "created_at", "message": {role, content,
//!   thinking, tool_calls}, "done": false}`, then a final `done: true` line with `done_reason`,
//!   `prompt_eval_count` (input tokens) and `eval_count` (output tokens). An `{"error": "..."}`
//!   line fails the stream. A body that ends without the `done: true` line was cut: a `network`
//!   error.
//! * [`decode_body`]: the same object, non-streamed (`stream: false`).
//!
//! Ollama sends tool calls whole (arguments as a JSON object, serialized to text here) and
//! usually without ids, so the [`Emitter`](crate::format::Emitter) generates them. When the
//! prompt was served from Ollama's cache it omits `prompt_eval_count`: the input is then the
//! caller's estimate and the usage is marked estimated.

mod request;
mod response;
mod stream;

pub use request::encode;
pub use response::decode_body;
pub use stream::Stream;
