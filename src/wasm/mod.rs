//! JS bindings (feature `wasm`): the IO edge of the npm package.
//!
//! * `api.rs`: the exported classes and functions (`WasmClient`, `WasmStream`, `decodeBody`,
//!   `WasmDecoder`), which the hand-written JS entries in `js/` wrap into the public API;
//! * `fetch.rs` + `io.js`: the `fetch` transport, timers, AbortSignals;
//! * `stream.rs`: one call's stream, one network read per JS pull; `batch.rs`: the string a
//!   read's chunks cross to JS as;
//! * `error.rs`: `ProviderError` ⇄ JS `Error`;
//! * `config.rs`: configuration and options objects.
//!
//! The TypeScript declarations are hand-written in `js/index.d.ts` (the exported names here
//! are internal; wasm-bindgen's generated `.d.ts` is not the public one).

pub mod api;
pub mod batch;
pub mod catalog;
pub mod config;
pub mod detect;
pub mod error;
pub mod fetch;
#[cfg(feature = "gateway")]
pub mod gateway;
pub mod stream;
