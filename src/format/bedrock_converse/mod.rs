//! The Bedrock Converse / ConverseStream wire format.
//!
//! * [`encode`] (`request.rs`, with `content.rs`): canonical → Converse body;
//! * [`decode_body`] (`response.rs`): a Converse response → chunks;
//! * [`Stream`] (`stream.rs`): ConverseStream event-stream frames → chunks, with `finish.rs`,
//!   `usage.rs` and `error.rs` (exception frames).
//!
//! Claude on Bedrock through `/invoke` speaks the Anthropic format instead; its stream frames
//! are read by `format::anthropic::Stream`, which uses [`frame_error`] from here.

mod content;
mod error;
mod finish;
mod request;
mod response;
mod stream;
mod usage;

pub use error::frame_error;
pub use request::encode;
pub use response::decode_body;
pub use stream::Stream;
