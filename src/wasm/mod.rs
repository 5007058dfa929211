//! JS bindings (feature `wasm`): the IO edge of the npm package.
//!
//! * `api.rs`: the exported classes and functions (`WasmClient`, `WasmStream`, `decodeBody`,
//!   `WasmDecoder`), which the hand-written JS entries in `js/` wrap into the public API;
//! * `fetch.rs` + `io.js`: the `fetch` transport, timers, AbortSignals;
//! * `stream.rs`: one call's stream, one network read per JS pull;
//! * `error.rs`: `ProviderError` ⇄ JS `Error`;
//! * `config.rs`: configuration and options objects;
//! * `detect.rs`: `create()`, `createWithNamedModel()`, `refreshCustomProviders()`;
//! * `catalog.rs`: the model catalog (`getModel`, `estimateCost`) and `providerEnvVars()`;
//! * `gateway.rs` (feature `gateway`): the gateway Worker's entry.
//!
//! The TypeScript declarations are hand-written in `js/index.d.ts` (the exported names here
//! are internal; wasm-bindgen's generated `.d.ts` is not the public one).

pub mod api;
pub mod catalog;
pub mod config;
pub mod detect;
pub mod error;
pub mod fetch;
#[cfg(feature = "gateway")]
pub mod gateway;
pub mod stream;
