//! The Anthropic Messages wire format, both directions.
//!
//! Client direction (aster calls Anthropic, or Claude on Bedrock `/invoke`):
//! * [`encode`] (`request.rs`, with `content.rs`, `params.rs`, `options.rs`);
//! * [`decode_body`] (`response.rs`);
//! * [`Stream`] (`stream.rs`), with `finish.rs` and `usage.rs`.
//!
//! Gateway direction (a client speaking Anthropic calls the aster gateway):
//! * [`parse_inbound`] (`inbound.rs`): a Messages request → canonical;
//! * [`SseWriter`] (`sse_out.rs`): chunks → Anthropic SSE that `@anthropic-ai/sdk` parses;
//! * [`response_body`] and [`error_body`] (`body_out.rs`): non-streaming bodies.
//!
//! Server tools (web search, web fetch, code execution, MCP, advisor, tool search) run at
//! Anthropic: their `server_tool_use` / `*_tool_result` blocks are never turned into client
//! tool calls; each call becomes one `provider_tool` chunk with its input and the result from
//! its `*_tool_result` block (sent when that block arrives), and the model's own text around
//! them comes through. The
//! gateway direction is not behind the `gateway` feature: it is plain data conversion, and
//! what the browser package does not call is dropped at link time.

mod body_out;
mod content;
mod error;
mod event;
mod fast;
#[cfg(feature = "fast-decode")]
#[doc(hidden)]
pub use fast::{light_check, scan_check};
mod finish;
mod inbound;
mod options;
mod params;
mod request;
mod response;
mod sse_out;
mod stream;
mod usage;

pub use body_out::{error_body, response_body};
pub use inbound::{parse_count_tokens, parse_inbound};
pub use params::{DEFAULT_MAX_TOKENS, MIN_THINKING_BUDGET};
pub use request::encode;
pub use response::decode_body;
pub use sse_out::SseWriter;
pub use stream::Stream;

pub(crate) use content::parse_data_url;
pub(crate) use finish::finish_reason;
pub(crate) use options::merge_provider_options;
pub(crate) use params::{claude_params, output_cap};
pub(crate) use response::input_json;
