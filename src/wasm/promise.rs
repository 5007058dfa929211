//! One `future_to_promise` for every async export: each call site boxes its future into the
//! same `dyn Future` type, so `wasm_bindgen_futures` is instantiated once instead of once per
//! export (its promise and task glue was repeated around every export's body).

use alloc::boxed::Box;
use core::future::Future;
use core::pin::Pin;
use js_sys::Promise;
use wasm_bindgen::JsValue;

/// The future an async export resolves its promise with.
pub(crate) type ExportFuture = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// A promise settled by `f` (run on the JS microtask queue).
pub(crate) fn spawn(f: ExportFuture) -> Promise {
    wasm_bindgen_futures::future_to_promise(f)
}
