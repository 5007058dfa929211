//! The OpenAI Responses API wire format (`POST /v1/responses`): OpenAI, Azure OpenAI
//! (`/openai/v1/responses`), xAI, DeepSeek and OpenRouter's Responses endpoints.
//!
//! * `request.rs` + `input.rs`: canonical request → body (statelessly: `store: false` with
//!   encrypted reasoning replayed by the caller; see `request.rs`);
//! * `stream.rs`: the SSE state machine; `response.rs`: a whole `response` object;
//! * `items.rs`: output items → chunks, shared by both; `finish.rs`, `usage.rs`;
//! * the gateway direction: [`parse_inbound`] (`inbound.rs`: a client's request →
//!   canonical), [`SseWriter`] (`sse_out.rs`: chunks → the events a Responses client reads)
//!   and [`response_body`] (`body_out.rs`: the `response` object); errors are OpenAI's
//!   shape (`openai_chat::error_body`).

mod body_out;
mod fast;
mod finish;
mod inbound;
mod input;
mod items;
mod request;
mod response;
pub(crate) mod rules;
mod sse_out;
mod stream;
mod usage;

pub use body_out::response_body;
#[cfg(feature = "fast-decode")]
pub use fast::light_check;
#[cfg(feature = "fast-decode")]
pub use fast::scan_check;
pub use inbound::{parse_inbound, parse_inbound_with_warnings};
pub use request::encode;
pub use response::decode_body;
pub use sse_out::SseWriter;
pub use stream::Stream;
