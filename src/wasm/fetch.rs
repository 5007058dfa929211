//! The wasm [`Transport`]: the global `fetch`, `setTimeout` timers and AbortSignals.
//!
//! One transport is made per call (`stream`/`complete`), bound to that call's gate (a small JS
//! abort switch, see `io.js`), which follows the caller's `signal` and is aborted when the
//! returned stream is cancelled.
//! Each attempt gets its own controller below that (in `io.js`), so a timed-out attempt can be
//! retried while a cancelled call stops everything, retry waits included.

use super::error::{from_io_error, to_js_error_with_headers};
use super::io::{fetch_start, js_sleep, sign_rs256_js, CallGate, JsBody};
use crate::client::{ResponseBody, Transport};
use crate::error::{actionable_headers, ProviderError, Result};
use crate::http::{Headers, HttpRequest, HttpResponseHead};
use crate::provider::Secret;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Timeouts of a call, in milliseconds (0 disables one).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timeouts {
    /// From sending the request to the first body byte.
    pub first_byte_ms: f64,
    /// Between two pieces of the body.
    pub idle_ms: f64,
}

impl Default for Timeouts {
    /// Five minutes to the first byte (reasoning models may think for minutes before they
    /// stream anything), two minutes between pieces.
    fn default() -> Self {
        Timeouts {
            first_byte_ms: 300_000.0,
            idle_ms: 120_000.0,
        }
    }
}

/// `fetch` bound to one call's gate and timeouts.
#[derive(Clone)]
pub struct FetchTransport {
    gate: CallGate,
    timeouts: Timeouts,
    /// The client's `fetch` option (`undefined`: the global `fetch`).
    fetch: JsValue,
    /// The actionable headers of the call's latest response when it was an error (cleared by
    /// a success), shared by the clones: the JS error of an HTTP failure carries them.
    error_headers: Rc<RefCell<Vec<(String, String)>>>,
}

impl FetchTransport {
    /// A transport for one call.
    pub fn new(gate: CallGate, timeouts: Timeouts) -> Self {
        FetchTransport {
            gate,
            timeouts,
            fetch: JsValue::UNDEFINED,
            error_headers: Rc::default(),
        }
    }

    /// The JS error for `e`, a failure of this call: with the error response's actionable
    /// headers when `e` came from an HTTP error status.
    pub fn js_error(&self, e: &ProviderError) -> JsValue {
        let headers = self.error_headers.borrow();
        to_js_error_with_headers(e, if e.status.is_some() { &headers } else { &[] })
    }

    /// Uses `fetch` (a JS function, or `undefined` for the global `fetch`) for requests.
    pub fn with_fetch(mut self, fetch: JsValue) -> Self {
        self.fetch = fetch;
        self
    }

    /// Aborts the call: the request in flight, its body and any retry wait.
    pub fn abort(&self) {
        self.gate.abort();
    }

    /// Sends `req` (`io.js`'s `fetchStart`): a Promise of the response (an `io.js` `Body`),
    /// rejected with an `io.js` error. For [`Transport::send`], and for JS that awaits the
    /// response itself and hands it to [`FetchTransport::response`].
    pub fn start_fetch(&self, req: &HttpRequest) -> js_sys::Promise {
        let body = Uint8Array::from(req.body.as_slice());
        fetch_start(
            &req.url,
            req.method.as_str(),
            &join_headers(req.headers.iter()),
            body,
            &self.gate,
            self.timeouts.first_byte_ms,
            self.timeouts.idle_ms,
            &self.fetch,
        )
    }

    /// The head and body of a response [`FetchTransport::start_fetch`]'s Promise resolved with.
    /// An error status keeps its actionable headers for the call's JS error.
    pub fn response(&self, js: JsBody) -> (HttpResponseHead, FetchBody) {
        let body = FetchBody { js };
        let mut head = HttpResponseHead {
            status: body.js.status(),
            headers: Headers::new(),
        };
        head.headers = split_headers(&body.js.headers());
        *self.error_headers.borrow_mut() = if head.status >= 400 {
            actionable_headers(&head.headers)
        } else {
            Vec::new()
        };
        (head, body)
    }
}

/// The body of a `fetch` response. Dropping it before the end aborts the request.
pub struct FetchBody {
    js: JsBody,
}

impl FetchBody {
    /// The JS side of the body (`io.js`'s `Body`), for an edge that pipes it itself (the
    /// gateway Worker). Dropping this `FetchBody` still cancels the request, so keep it until
    /// the pipe is over.
    pub fn js(&self) -> &JsBody {
        &self.js
    }

    /// Hands a detached body (`ChunkStream::detach_body`) to JS: its `io.js` `Body`, or
    /// `undefined` when there is none. The Rust handle goes to `keep`, whose owner (the
    /// client's `WasmStream`, the gateway's `GatewayReply`) drops it, cancelling the request,
    /// when the stream is cancelled or freed.
    pub(crate) fn hand_to_js(body: Option<FetchBody>, keep: &mut Option<FetchBody>) -> JsValue {
        match body {
            Some(b) => JsValue::clone(keep.insert(b).js()),
            None => JsValue::UNDEFINED,
        }
    }
}

impl Drop for FetchBody {
    fn drop(&mut self) {
        self.js.cancel();
    }
}

impl ResponseBody for FetchBody {
    async fn next(&mut self) -> Result<Option<Vec<u8>>> {
        let v = JsFuture::from(self.js.read())
            .await
            .map_err(|e| from_io_error(&e))?;
        if v.is_undefined() {
            return Ok(None);
        }
        // A body's pieces are Uint8Arrays: copied once, into wasm memory. (`Uint8Array::new`
        // would first copy the piece into a new JS array, a garbage allocation per read; it is
        // kept for anything else a custom `fetch` might hand out.)
        let bytes = match v.dyn_into::<Uint8Array>() {
            Ok(a) => a.to_vec(),
            Err(v) => Uint8Array::new(&v).to_vec(),
        };
        Ok(Some(bytes))
    }
}

impl Transport for FetchTransport {
    type Body = FetchBody;

    async fn send(&self, req: &HttpRequest) -> Result<(HttpResponseHead, FetchBody)> {
        let js: JsBody = JsFuture::from(self.start_fetch(req))
            .await
            .map_err(|e| from_io_error(&e))?
            .unchecked_into();
        Ok(self.response(js))
    }

    async fn sleep(&self, ms: u64) -> Result<()> {
        JsFuture::from(js_sleep(ms as f64, &self.gate))
            .await
            .map(|_| ())
            .map_err(|e| from_io_error(&e))
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    async fn sign_rs256(&self, private_key_pem: &Secret, message: &[u8]) -> Result<Vec<u8>> {
        let p = sign_rs256_js(private_key_pem.expose(), Uint8Array::from(message));
        let v = JsFuture::from(p).await.map_err(|e| from_io_error(&e))?;
        Ok(Uint8Array::new(&v).to_vec())
    }
}

/// Headers as they cross to `io.js`: one string, `name\nvalue\n…` (one crossing, where a
/// name and a value each took one). No name or value holds a line break: `fetch` refuses
/// them, and a response's headers cannot carry one.
pub(crate) fn join_headers<'a>(headers: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in headers {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(k);
        out.push('\n');
        out.push_str(v);
    }
    out
}

/// Headers from the one string [`join_headers`] makes (JS joins them the same way).
pub(crate) fn split_headers(list: &str) -> Headers {
    let mut out = Headers::new();
    let mut parts = list.split('\n');
    while let (Some(k), Some(v)) = (parts.next(), parts.next()) {
        out.append(k, String::from(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{join_headers, split_headers};

    #[test]
    fn headers_cross_as_one_string() {
        let pairs = [
            ("content-type", "application/json"),
            ("x-empty", ""),
            ("a", "b c"),
        ];
        let s = join_headers(pairs.into_iter());
        assert_eq!(s, "content-type\napplication/json\nx-empty\n\na\nb c");
        // As io.js splits it, and as `split_headers` reads it back (a trailing line break,
        // as the Worker's join leaves, changes nothing).
        let back = split_headers(&s);
        let back: Vec<(&str, &str)> = back.iter().collect();
        assert_eq!(back, pairs);
        let trailing = split_headers(&alloc::format!("{s}\n"));
        assert_eq!(trailing.iter().collect::<Vec<_>>(), pairs);
        assert_eq!(join_headers([].into_iter()), "");
        assert_eq!(split_headers("").iter().count(), 0);
    }
}
