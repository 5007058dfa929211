//! JS bindings (feature `wasm`).
