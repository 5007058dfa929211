//! The wasm binding tests of `tests/wasm.rs`, run in a browser page (`wasm-pack test
//! --headless --chrome`), where `fetch`, timers and the browser guard are the page's own.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[path = "wasm.rs"]
mod shared;
