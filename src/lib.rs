//! # aster
//!
//! One streaming interface to fifteen LLM providers. The core (`codec`, `format`, `embed`, `provider`,
//! `message`, `chunk`, `response`, `error`, `retry`, `usage`, `models`) is sans-IO and
//! `no_std` + `alloc`: bytes and plain data in, plain data out, with time and randomness passed
//! in as parameters. IO lives at the edge: the wasm bindings (`wasm` feature) and the native
//! CLI (`std`).
//!
//! See `DESIGN.md` (beside the project) for the architecture and the contracts.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod chunk;
pub mod client;
pub mod codec;
pub mod decode;
pub mod embed;
pub mod error;
mod float;
pub mod format;
pub mod http;
mod json;
pub mod message;
pub mod models;
pub mod provider;
pub mod response;
pub mod retry;
pub mod usage;

#[cfg(feature = "gateway")]
pub mod gateway;

#[cfg(feature = "wasm")]
pub mod wasm;

pub use chunk::{Chunk, FinishReason, Usage};
pub use error::{ErrorKind, ProviderError};
pub use message::{ContentBlock, Message, Request, Role};
pub use response::{Accumulator, CompletionResponse};
pub use retry::RetryConfig;
