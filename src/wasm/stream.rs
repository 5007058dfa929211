//! [`WasmStream`]: the handle behind the JS `ReadableStream` of one call.
//!
//! The JS entry builds the `ReadableStream`; its `pull` awaits [`WasmStream::next`], which does
//! one network read (plus whatever retries need), feeds the decoder and resolves with the
//! batch of chunks as one string ([`super::batch`]). JS decodes it and enqueues the objects:
//! one wasm↔JS crossing per network read, not per event (DESIGN §6), and no JS object is
//! built field by field from Rust.
//!
//! The common path needs no Rust future at all: [`WasmStream::start`] builds the request and
//! returns `fetchStart`'s promise, JS hands the response to [`WasmStream::accept`], takes the
//! streamed body ([`WasmStream::detach`]), awaits its reads itself and hands each one to a
//! synchronous call ([`WasmStream::feed`], `end`, `fail`) that returns the batch string. The
//! decoding, delivery and retry rules are `ChunkStream::feed`'s (the gateway Worker's too);
//! whatever needs to wait in Rust (an error body to classify, a retry's wait, a credential
//! exchange) goes through `next`.

use super::error::{from_io_error, to_js_error};
use super::fetch::{FetchBody, FetchTransport};
use crate::chunk::Chunk;
use crate::client::ChunkStream;
use crate::error::{ProviderError, Result};
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
    /// The upstream body handed to JS ([`WasmStream::detach`]), kept so that it is cancelled
    /// (if not read to its end) when this handle is cancelled or freed, as the stream's own
    /// body would be.
    detached: Option<FetchBody>,
}

impl WasmStream {
    pub(crate) fn new(stream: ChunkStream<FetchTransport>, transport: FetchTransport) -> Self {
        WasmStream {
            inner: Rc::new(RefCell::new(Some(stream))),
            warnings: Rc::new(RefCell::new(String::from("[]"))),
            transport,
            early: None,
            detached: None,
        }
    }

    pub(crate) fn failed(e: ProviderError, transport: FetchTransport) -> Self {
        WasmStream {
            inner: Rc::new(RefCell::new(None)),
            warnings: Rc::new(RefCell::new(String::from("[]"))),
            transport,
            early: Some(e),
            detached: None,
        }
    }

    /// One read of the detached body through `ChunkStream::feed`: the batch string it
    /// completes (if any), or the call's JS error.
    fn step(
        &mut self,
        read: Result<Option<&[u8]>>,
    ) -> core::result::Result<Option<String>, JsValue> {
        let (r, reading) = match self.inner.try_borrow_mut() {
            Ok(mut slot) => match slot.as_mut() {
                Some(stream) => (stream.feed(read), stream.is_reading()),
                None => return Ok(None),
            },
            Err(_) => return Ok(None),
        };
        if !reading {
            // The attempt is over (the end, a failure, or a retry to come): its body is done
            // with.
            self.detached.take();
        }
        match r {
            Ok(Some(batch)) => encode(&batch).map(Some),
            Ok(None) => Ok(None),
            Err(e) => Err(self.transport.js_error(&e)),
        }
    }
}

/// Keeps a call's warnings as the JSON `warnings()` returns. They come from building the
/// request, so they are known once it is built and never change: serialized once (when
/// there are any), not on every read.
fn keep_warnings(kept: &RefCell<String>, warnings: &[crate::message::Warning]) {
    if warnings.is_empty() || kept.borrow().as_str() != "[]" {
        return;
    }
    if let Ok(json) = serde_json::to_string(warnings) {
        *kept.borrow_mut() = json;
    }
}

/// A batch as its batch string ([`super::batch`]).
fn encode(batch: &[Chunk]) -> core::result::Result<String, JsValue> {
    super::batch::encode(batch).map_err(|e| {
        to_js_error(&ProviderError::internal(alloc::format!(
            "chunk serialization failed: {e}"
        )))
    })
}

#[wasm_bindgen]
impl WasmStream {
    /// Starts the call without a Rust future: sends the first attempt's request (`io.js`'s
    /// `fetchStart`) and returns its Promise, whose response (or failure) JS hands to
    /// [`WasmStream::accept`]. `undefined` when the call starts through
    /// [`next`](WasmStream::next) instead (a mock, a credential exchange first, a request
    /// refused before sending). The warnings are known from here on.
    pub fn start(&mut self) -> JsValue {
        if self.early.is_some() {
            return JsValue::UNDEFINED;
        }
        let http = self.inner.try_borrow_mut().ok().and_then(|mut slot| {
            let stream = slot.as_mut()?;
            let http = stream.send_request()?;
            keep_warnings(&self.warnings, stream.warnings());
            Some(http)
        });
        match http {
            Some(http) => self.transport.start_fetch(&http).into(),
            None => JsValue::UNDEFINED,
        }
    }

    /// The response [`WasmStream::start`]'s Promise resolved with (an `io.js` `Body`), or the
    /// error it rejected with (`err`, when not `undefined`). True when JS reads the body now
    /// ([`detach`](WasmStream::detach) it, then [`feed`](WasmStream::feed)); false when
    /// [`next`](WasmStream::next) goes on (an error status to classify, a retry, a JSON body).
    pub fn accept(&mut self, response: JsValue, err: JsValue) -> bool {
        let sent = if err.is_undefined() {
            Ok(self.transport.response(response.unchecked_into()))
        } else {
            Err(from_io_error(&err))
        };
        match self.inner.try_borrow_mut() {
            Ok(mut slot) => slot.as_mut().is_some_and(|s| {
                s.on_response(sent);
                s.is_reading()
            }),
            Err(_) => false,
        }
    }

    /// Whether the body JS reads is still this call's: false once a failed
    /// [`feed`](WasmStream::feed) decided to retry (JS drops the body and goes on with
    /// [`next`](WasmStream::next)) or the stream is over.
    #[wasm_bindgen(getter)]
    pub fn reading(&self) -> bool {
        self.inner
            .try_borrow()
            .is_ok_and(|s| s.as_ref().is_some_and(|s| s.is_reading()))
    }

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
            keep_warnings(&warnings, stream.warnings());
            match r {
                Ok(Some(batch)) => {
                    *inner.borrow_mut() = Some(stream);
                    encode(&batch).map(|s| JsValue::from_str(&s))
                }
                Ok(None) => Ok(JsValue::UNDEFINED),
                Err(e) => Err(transport.js_error(&e)),
            }
        })
    }

    /// Hands the upstream body over to JS: `io.js`'s `Body`, whose `read` JS awaits itself
    /// (the idle timeout and the error kinds as on the Rust path), handing each piece to
    /// [`WasmStream::feed`], the end to `end` and a failed read to `fail`. Only for a streamed
    /// 2xx body: `undefined` otherwise (a mock stream, a buffered JSON body, a stream already
    /// over), and then `next` reads on. A failed read before any output may be retried:
    /// [`reading`](WasmStream::reading) then turns false and `next` goes on.
    pub fn detach(&mut self) -> JsValue {
        let body = self
            .inner
            .try_borrow_mut()
            .ok()
            .and_then(|mut slot| slot.as_mut()?.detach_body());
        FetchBody::hand_to_js(body, &mut self.detached)
    }

    /// One piece of the detached body: the batch string it completes, or `undefined` when it
    /// completes nothing deliverable yet (or the stream is [`over`](WasmStream::over)).
    /// Throws the call's `AsterError` (a decode failure, an error event). Synchronous.
    pub fn feed(&mut self, piece: &[u8]) -> core::result::Result<Option<String>, JsValue> {
        self.step(Ok(Some(piece)))
    }

    /// The end of the detached body: the last batch string (usage and cost), or `undefined`;
    /// throws the call's `AsterError` (a truncated stream). Once the stream is
    /// [`over`](WasmStream::over), reports what it still holds (an error that came after the
    /// last batch) without a read.
    pub fn end(&mut self) -> core::result::Result<Option<String>, JsValue> {
        self.step(Ok(None))
    }

    /// The failure of a read of the detached body (an `io.js` error: network, idle timeout,
    /// aborted): throws it as the call's `AsterError`, or returns the chunks decoded before
    /// it (the usage so far) and throws it on the next call.
    pub fn fail(&mut self, err: JsValue) -> core::result::Result<Option<String>, JsValue> {
        self.step(Err(from_io_error(&err)))
    }

    /// Whether the detached body needs no more reads: the stream ended or failed (an error
    /// still to report comes from `end`).
    #[wasm_bindgen(getter)]
    pub fn over(&self) -> bool {
        self.inner.try_borrow().map_or(true, |s| {
            s.as_ref()
                .is_none_or(|s| s.is_done() || s.has_deferred_error())
        })
    }

    /// Cancels the call: aborts the request in flight (the connection is closed) and any
    /// retry wait. Later `next` calls resolve with `undefined`.
    pub fn cancel(&mut self) {
        self.transport.abort();
        // Dropping the stream drops the body, which cancels its reader (a detached body is
        // cancelled by dropping it too).
        self.detached.take();
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
