//! The OpenAI Responses API wire format (`POST /v1/responses`): OpenAI, Azure OpenAI
//! (`/openai/v1/responses`), xAI, DeepSeek and OpenRouter's Responses endpoints.
//!
//! * `request.rs` + `input.rs`: canonical request → body (statelessly: `store: false` with
//!   encrypted reasoning replayed by the caller; see `request.rs`);
//! * `stream.rs`: the SSE state machine; `response.rs`: a whole `response` object;
//! * `items.rs`: output items → chunks, shared by both; `finish.rs`, `usage.rs`.

mod fast;
mod finish;
mod input;
mod items;
mod request;
mod response;
mod stream;
mod usage;

pub use request::encode;
pub use response::decode_body;
pub use stream::Stream;
