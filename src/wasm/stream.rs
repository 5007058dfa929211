//! [`WasmStream`]: the handle behind the JS `ReadableStream` of one call.
//!
//! The JS entry builds the `ReadableStream`; its `pull` awaits [`WasmStream::next`], which does
//! one network read (plus whatever retries need), feeds the decoder and resolves with the
//! batch of chunks as one string ([`super::batch`]). JS decodes it and enqueues the objects:
//! one wasm↔JS crossing per network read, not per event (DESIGN §6), and no JS object is
//! built field by field from Rust.

use super::error::to_js_error;
use super::fetch::FetchTransport;
use crate::client::ChunkStream;
use crate::error::ProviderError;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

type Inner = Rc<RefCell<Option<ChunkStream<FetchTransport>>>>;

/// One call's chunk stream (used by the JS entry; not part of the public JS API).
#[wasm_bindgen]
pub struct WasmStream {
    inner: Inner,
    /// The request's warnings as JSON, kept apart so they outlive the stream.
    warnings: Rc<RefCell<String>>,
    transport: FetchTransport,
    /// An error found before the call started (bad request, config): reported by `next`.
    early: Option<ProviderError>,
}

impl WasmStream {
    pub(crate) fn new(stream: ChunkStream<FetchTransport>, transport: FetchTransport) -> Self {
        WasmStream {
            inner: Rc::new(RefCell::new(Some(stream))),
            warnings: Rc::new(RefCell::new(String::from("[]"))),
            transport,
            early: None,
        }
    }

    pub(crate) fn failed(e: ProviderError, transport: FetchTransport) -> Self {
        WasmStream {
            inner: Rc::new(RefCell::new(None)),
            warnings: Rc::new(RefCell::new(String::from("[]"))),
            transport,
            early: Some(e),
        }
    }
}

#[wasm_bindgen]
impl WasmStream {
    /// Resolves with the next batch as a batch string ([`super::batch`]), or `undefined` at
    /// the end;
    /// rejects with an `AsterError`.
    #[allow(clippy::should_implement_trait)] // A JS method name, not an iterator.
    pub fn next(&mut self) -> Promise {
        if let Some(e) = self.early.take() {
            return Promise::reject(&to_js_error(&e));
        }
        let inner = self.inner.clone();
        let warnings = self.warnings.clone();
        let transport = self.transport.clone();
        future_to_promise(async move {
            // Taken out for the duration of the await, so no RefCell borrow is held across it.
            // A concurrent call (a caller bypassing js/core.js, which never makes one) finds
            // the slot empty and resolves with `undefined`, as at the end of the stream.
            let taken = inner.borrow_mut().take();
            let Some(mut stream) = taken else {
                return Ok(JsValue::UNDEFINED);
            };
            let r = stream.next_batch().await;
            // The warnings come from building the request, so they are known after the first
            // read and never change: serialized once, not on every read.
            if !stream.warnings().is_empty() && warnings.borrow().as_str() == "[]" {
                if let Ok(json) = serde_json::to_string(stream.warnings()) {
                    *warnings.borrow_mut() = json;
                }
            }
            match r {
                Ok(Some(batch)) => {
                    *inner.borrow_mut() = Some(stream);
                    super::batch::encode(&batch)
                        .map(|s| JsValue::from_str(&s))
                        .map_err(|e| {
                            to_js_error(&ProviderError::internal(alloc::format!(
                                "chunk serialization failed: {e}"
                            )))
                        })
                }
                Ok(None) => Ok(JsValue::UNDEFINED),
                Err(e) => Err(transport.js_error(&e)),
            }
        })
    }

    /// Cancels the call: aborts the request in flight (the connection is closed) and any
    /// retry wait. Later `next` calls resolve with `undefined`.
    pub fn cancel(&mut self) {
        self.transport.abort();
        // Dropping the stream drops the body, which cancels its reader.
        if let Ok(mut slot) = self.inner.try_borrow_mut() {
            slot.take();
        }
    }

    /// Settings of the request the provider could not honour, as a JSON array string of
    /// `{setting, message}` (known after the first batch).
    pub fn warnings(&self) -> String {
        self.warnings.borrow().clone()
    }
}
