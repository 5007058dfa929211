//! JS bindings (feature `wasm`): the IO edge of the npm package.
//!
//! * `api.rs`: the exported classes and functions (`WasmClient`, `WasmStream`, `decodeBody`,
//!   `WasmDecoder`), which the hand-written JS entries in `js/` wrap into the public API;
//! * `io.rs`: the raw bindings of `io.js` (fetch with timeouts, timers, AbortSignals, WebCrypto,
//!   JS errors);
//! * `fetch.rs`: the `fetch` transport on them;
//! * `stream.rs`: one call's stream, one network read per JS pull; `batch.rs`: the string a
//!   read's chunks cross to JS as;
//! * `error.rs`: `ProviderError` ⇄ JS `Error`;
//! * `config.rs`: configuration and options objects;
//! * `detect.rs`: `create()`, `createWithNamedModel()`, `refreshCustomProviders()`;
//! * `catalog.rs`: the model catalog (`getModel`, `estimateCost`) and `providerEnvVars()`;
//! * `gateway.rs` (feature `gateway`): the gateway Worker's entry.
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
mod io;
mod promise;
pub mod stream;
