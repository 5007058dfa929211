//! The raw bindings of `io.js`: the one `extern` block for that module (a second block for the
//! same module makes wasm-bindgen emit a duplicate import that bundlers warn about), and the
//! small JS accessors the bindings share. `fetch.rs` builds the transport on these, `error.rs`
//! the JS errors; neither imports the other.

use alloc::string::String;
use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/src/wasm/io.js")]
extern "C" {
    /// A response being read (see `io.js`).
    pub type JsBody;

    /// One call's abort switch (see `io.js`).
    #[derive(Clone)]
    pub type CallGate;

    #[wasm_bindgen(method)]
    pub(crate) fn abort(this: &CallGate);

    #[wasm_bindgen(js_name = fetchStart)]
    pub(crate) fn fetch_start(
        url: &str,
        method: &str,
        headers: &str,
        body: Uint8Array,
        gate: &CallGate,
        first_byte_ms: f64,
        idle_ms: f64,
        fetch_fn: &JsValue,
    ) -> Promise;

    #[wasm_bindgen(method, getter)]
    pub(crate) fn status(this: &JsBody) -> u16;

    /// The response's headers as one string, `name\nvalue\n…` (see `io.js`).
    #[wasm_bindgen(method)]
    pub(crate) fn headers(this: &JsBody) -> String;

    #[wasm_bindgen(method)]
    pub(crate) fn read(this: &JsBody) -> Promise;

    #[wasm_bindgen(method)]
    pub(crate) fn cancel(this: &JsBody);

    #[wasm_bindgen(js_name = sleep)]
    pub(crate) fn js_sleep(ms: f64, gate: &CallGate) -> Promise;

    #[wasm_bindgen(js_name = signRs256)]
    pub(crate) fn sign_rs256_js(pem: &str, message: Uint8Array) -> Promise;

    /// A call's gate, aborted with the caller's `signal` too.
    #[wasm_bindgen(js_name = callGate)]
    pub(crate) fn call_gate(signal: Option<AbortSignal>) -> CallGate;

    #[wasm_bindgen(js_name = isBrowserPage)]
    pub(crate) fn is_browser_page() -> bool;

    #[wasm_bindgen(js_name = makeError)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn make_error(
        message: &str,
        code: &str,
        status: JsValue,
        provider: JsValue,
        retryable: bool,
        retry_after_ms: JsValue,
        request_id: JsValue,
        provider_code: JsValue,
    ) -> JsValue;
}

/// Reads a string property of a JS object ("" when absent).
pub(crate) fn prop_string(v: &JsValue, name: &str) -> String {
    js_sys::Reflect::get(v, &JsValue::from_str(name))
        .ok()
        .and_then(|x| x.as_string())
        .unwrap_or_default()
}
