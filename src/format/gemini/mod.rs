//! The Gemini wire format: `generateContent` and `streamGenerateContent?alt=sse`, with the same
//! body on Google AI (`generativelanguage.googleapis.com`) and Vertex AI.
//!
//! * `request.rs` + `contents.rs` + `schema.rs`: canonical request → body;
//! * `stream.rs`: the SSE machine (one `GenerateContentResponse` per event), with
//!   `partial.rs` rebuilding Vertex's streamed function-call arguments;
//! * `response.rs`: a whole body (one response, or an array of them);
//! * `finish.rs`, `usage.rs`: finish reasons and token counts.

mod contents;
mod fast;
mod finish;
mod partial;
mod request;
mod response;
mod schema;
mod stream;
mod usage;

#[cfg(feature = "fast-decode")]
pub use fast::scan_check;
pub use request::encode;
pub use response::decode_body;
pub use stream::Stream;
#[cfg(feature = "fast-decode")]
pub use usage::usage_check;
