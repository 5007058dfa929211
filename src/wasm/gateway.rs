//! The gateway's IO edge (features `wasm` + `gateway`): a Worker `Request` in, a
//! [`GatewayReply`] out, which the Worker entry (`worker/index.js`) turns into a `Response`.
//!
//! Everything that decides anything is in `crate::gateway` (sans-IO); this file only hands the
//! request head and body over from JS, calls upstreams through the [`FetchTransport`], and
//! hands the SSE bytes of each upstream read back to JS: one wasm call per read
//! ([`GatewayReply::feed`], [`GatewayReply::next`]), so a stream is never buffered whole.
//!
//! Two ways in, with the same answers (`tests/gateway_flow/fed.rs`): the Worker steps a request
//! itself ([`WasmGateway::begin`], [`GatewayCall`]: no Rust future or promise of wasm's for a
//! stream that reaches its first output; measured in bench/README.md, session 8), or hands the
//! whole `Request` to [`WasmGateway::handle`], one Rust future. The Worker takes the second way
//! for a body without a declared length, or declared larger than the limit: it is read here,
//! counting bytes as they arrive, and refused with 413 as soon as the count passes the limit,
//! whatever `Content-Length` claimed.

use super::error::from_io_error;
use super::fetch::{join_headers, split_headers, FetchBody, FetchTransport, Timeouts};
use super::io::{call_gate, JsBody};
use crate::gateway::{
    Begin, Call, Fed, Gateway, Outcome, Pending, Reply, RequestHead, SseStream, Stepped,
};
use crate::http::Headers;
use crate::provider::Env;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{ReadableStreamDefaultReader, Request};

/// The Worker variable holding the gateway configuration (TOML or JSON).
pub const CONFIG_ENV: &str = "ASTER_GATEWAY_CONFIG";

/// A gateway built from a Worker's `env` (used by `worker/index.js`).
#[wasm_bindgen]
pub struct WasmGateway {
    gw: Rc<Gateway>,
}

#[wasm_bindgen]
impl WasmGateway {
    /// Builds the gateway from the Worker's `env`: its string values (variables and secrets)
    /// are the environment; `ASTER_GATEWAY_CONFIG` is the configuration. Never throws: a bad
    /// configuration makes every API request answer 500 with the reason.
    #[wasm_bindgen(constructor)]
    pub fn new(env: &JsValue) -> WasmGateway {
        let mut map = Env::new();
        if let Some(obj) = env.dyn_ref::<Object>() {
            for key in Object::keys(obj).iter() {
                let Some(k) = key.as_string() else { continue };
                if let Some(v) = Reflect::get(env, &key).ok().and_then(|v| v.as_string()) {
                    map.insert(k, v);
                }
            }
        }
        let config = map.get(CONFIG_ENV).cloned().unwrap_or_default();
        WasmGateway {
            gw: Rc::new(Gateway::new(&config, &map)),
        }
    }

    /// What the operator should know, as a JSON array of strings (the configuration error
    /// first, if any). Never contains a secret.
    pub fn warnings(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        if let Some(e) = self.gw.config_error() {
            out.push(e.message.clone());
        }
        out.extend(self.gw.warnings().iter().cloned());
        serde_json::to_string(&out).unwrap_or_else(|_| String::from("[]"))
    }

    /// Handles a request; resolves with a [`GatewayReply`] (never rejects: failures are
    /// replies in the caller's API shape).
    pub fn handle(&self, request: Request) -> Promise {
        let gw = Rc::clone(&self.gw);
        future_to_promise(async move { Ok(JsValue::from(handle(&gw, request).await)) })
    }

    /// The head of a request, for a Worker that steps the request itself ([`GatewayCall`]):
    /// `headers` as one string, `name\nvalue\n…`. Synchronous: CORS, the route, the token,
    /// the declared length.
    pub fn begin(&self, method: String, url: String, headers: &str) -> GatewayCall {
        let head = RequestHead {
            method,
            url,
            headers: split_headers(headers),
            request_id: fresh_request_id(),
        };
        let phase = match self.gw.begin(&head) {
            Begin::Reply(r) => Phase::Reply(r),
            Begin::ReadBody(p)
                if declared_length(&head.headers).is_some_and(|n| n <= p.limit()) =>
            {
                Phase::Body(p)
            }
            // A chunked body, or one declared larger than the limit: read and counted by
            // `handle` (413 as soon as the count passes the limit).
            Begin::ReadBody(_) => Phase::Handle,
        };
        GatewayCall {
            phase,
            transport: FetchTransport::new(call_gate(None), Timeouts::default()),
            detached: None,
        }
    }
}

/// The declared length of a request body: only a plain `content-length` counts (with a
/// transfer-encoding too, the length is not what bounds the body).
fn declared_length(headers: &Headers) -> Option<usize> {
    headers
        .get("content-length")
        .filter(|_| headers.get("transfer-encoding").is_none())
        .and_then(|v| v.trim().parse::<usize>().ok())
}

/// One request stepped by the Worker (`worker/index.js`), with no Rust future for the common
/// case: the body read whole by the Worker ([`GatewayCall::body`]), the first target's request
/// sent by it ([`GatewayCall::start`]), the response handed over ([`GatewayCall::accept`]) and
/// the first reads fed ([`GatewayCall::feed`]) until the first output; then the reply
/// ([`GatewayCall::take_reply`]), whose body the Worker reads on as for [`WasmGateway::handle`].
/// Anything else (an error status, a retry, a fallback, a mock, a reply that is not streamed)
/// goes on through [`GatewayCall::run`], the same steps as `handle` from where these left off.
#[wasm_bindgen]
pub struct GatewayCall {
    phase: Phase,
    transport: FetchTransport,
    /// The upstream body handed to the Worker, kept so that dropping the call (or the reply it
    /// moves to) cancels it.
    detached: Option<FetchBody>,
}

enum Phase {
    /// Decided: this reply.
    Reply(Reply),
    /// The body is to be read whole ([`GatewayCall::body`]).
    Body(Pending),
    /// The Worker calls [`WasmGateway::handle`] instead.
    Handle,
    /// Parsed and routed, not started.
    Call(Box<Call>),
    /// The first target's request sent by the Worker.
    Stepped(Box<Stepped<FetchTransport>>),
    /// A streamed reply, ready.
    Ready(GatewayReply),
    /// Taken by [`GatewayCall::run`].
    Taken,
}

#[wasm_bindgen]
impl GatewayCall {
    /// The reply, when it is decided: by the head (preflight, health, models, errors), by the
    /// body (an error), or by the first output of a stepped stream. Once.
    #[wasm_bindgen(js_name = takeReply)]
    pub fn take_reply(&mut self) -> Option<GatewayReply> {
        match core::mem::replace(&mut self.phase, Phase::Taken) {
            Phase::Reply(r) => Some(GatewayReply::full(r)),
            Phase::Ready(mut g) => {
                g.detached = self.detached.take();
                Some(g)
            }
            other => {
                self.phase = other;
                None
            }
        }
    }

    /// Whether the Worker reads the body whole and hands it to [`GatewayCall::body`]; false
    /// (and no reply): the request goes to [`WasmGateway::handle`].
    #[wasm_bindgen(getter, js_name = readsBody)]
    pub fn reads_body(&self) -> bool {
        matches!(self.phase, Phase::Body(_))
    }

    /// The body, read whole: parsed and routed (or an error reply).
    pub fn body(&mut self, bytes: &[u8]) {
        if let Phase::Body(p) = core::mem::replace(&mut self.phase, Phase::Taken) {
            self.phase = match p.finish(bytes, js_sys::Date::now() as u64) {
                Ok(c) => Phase::Call(Box::new(c)),
                Err(r) => Phase::Reply(r),
            };
        }
    }

    /// The body could not be read (the client went away, say): a 400 reply.
    #[wasm_bindgen(js_name = bodyFailed)]
    pub fn body_failed(&mut self) {
        if let Phase::Body(p) = &self.phase {
            self.phase = Phase::Reply(p.unreadable("the body could not be read"));
        }
    }

    /// Sends the first target's request (`io.js`'s `fetchStart`): its Promise, to be handed to
    /// [`GatewayCall::accept`]; `undefined` when the call does not start that way
    /// ([`GatewayCall::run`] it).
    pub fn start(&mut self) -> JsValue {
        let Phase::Call(call) = core::mem::replace(&mut self.phase, Phase::Taken) else {
            return JsValue::UNDEFINED;
        };
        match call.step(self.transport.clone()) {
            Ok((stepped, http)) => {
                self.phase = Phase::Stepped(stepped);
                self.transport.start_fetch(&http).into()
            }
            Err(call) => {
                self.phase = Phase::Call(call);
                JsValue::UNDEFINED
            }
        }
    }

    /// The response [`GatewayCall::start`]'s Promise resolved with, or the error it rejected
    /// with (`err`, when not `undefined`). True when the Worker reads the body now
    /// ([`GatewayCall::detach`], then [`GatewayCall::feed`]); false: [`GatewayCall::run`].
    pub fn accept(&mut self, response: JsValue, err: JsValue) -> bool {
        let Phase::Stepped(s) = &mut self.phase else {
            return false;
        };
        let sent = if err.is_undefined() {
            Ok(self.transport.response(response.unchecked_into::<JsBody>()))
        } else {
            Err(from_io_error(&err))
        };
        s.on_response(sent)
    }

    /// The upstream body, for the Worker to read (`io.js`'s `Body`), or `undefined`.
    pub fn detach(&mut self) -> JsValue {
        let body = match &mut self.phase {
            Phase::Stepped(s) => s.detach_body(),
            _ => None,
        };
        FetchBody::hand_to_js(body, &mut self.detached)
    }

    /// One piece of the detached body. True: read no more (the reply is ready, or the call
    /// goes on through [`GatewayCall::run`]).
    pub fn feed(&mut self, piece: &[u8]) -> bool {
        self.fed(Ok(Some(piece)))
    }

    /// The end of the detached body; true, as for [`GatewayCall::feed`].
    pub fn end(&mut self) -> bool {
        self.fed(Ok(None))
    }

    /// The failure of a read of the detached body (an `io.js` error); true.
    pub fn fail(&mut self, err: JsValue) -> bool {
        self.fed(Err(from_io_error(&err)))
    }

    /// Resolves with the [`GatewayReply`] of a call that is not decided by the steps taken:
    /// the rest of the call as [`WasmGateway::handle`] runs it.
    pub fn run(&mut self) -> Promise {
        let phase = core::mem::replace(&mut self.phase, Phase::Taken);
        // A body the Worker read is not read again: its attempt is over (ended, failed or
        // to be retried). Dropping it cancels whatever is left of it.
        self.detached = None;
        let transport = self.transport.clone();
        future_to_promise(async move {
            let reply = match phase {
                Phase::Reply(r) => GatewayReply::full(r),
                Phase::Ready(g) => g,
                Phase::Call(c) => GatewayReply::outcome(c.run(transport.clone()).await, transport),
                Phase::Stepped(s) => {
                    GatewayReply::outcome(s.resume(transport.clone()).await, transport)
                }
                // Not reached from worker/index.js, which hands the body over first and sends
                // a `Handle` request to `handle`: a bare 500 if a caller ever does otherwise.
                Phase::Body(_) | Phase::Handle | Phase::Taken => {
                    GatewayReply::full(Reply::empty(500, Headers::new()))
                }
            };
            Ok(JsValue::from(reply))
        })
    }
}

impl GatewayCall {
    fn fed(&mut self, read: Result<Option<&[u8]>, crate::error::ProviderError>) -> bool {
        let Phase::Stepped(s) = &mut self.phase else {
            return true;
        };
        match s.feed(read) {
            Fed::More => false,
            Fed::Resume => true,
            Fed::Ready => {
                if let Phase::Stepped(s) = core::mem::replace(&mut self.phase, Phase::Taken) {
                    let reply = GatewayReply::outcome(s.into_outcome(), self.transport.clone());
                    self.phase = Phase::Ready(reply);
                }
                true
            }
        }
    }
}

async fn handle(gw: &Gateway, request: Request) -> GatewayReply {
    let head = RequestHead {
        method: request.method(),
        url: request.url(),
        headers: headers_of(&request.headers()),
        request_id: fresh_request_id(),
    };
    let pending = match gw.begin(&head) {
        Begin::Reply(r) => return GatewayReply::full(r),
        Begin::ReadBody(p) => p,
    };
    let body = match read_body(&request, pending.limit(), declared_length(&head.headers)).await {
        Ok(b) => b,
        Err(BodyError::TooLarge) => return GatewayReply::full(pending.too_large()),
        Err(BodyError::Read(m)) => return GatewayReply::full(pending.unreadable(&m)),
    };
    let call = match pending.finish(&body, js_sys::Date::now() as u64) {
        Ok(c) => c,
        Err(r) => return GatewayReply::full(r),
    };
    drop(body);
    let transport = FetchTransport::new(call_gate(None), Timeouts::default());
    GatewayReply::outcome(call.run(transport.clone()).await, transport)
}

/// A fresh request id: `req_` and 26 hex digits (two draws of 52 random bits). An id only has
/// to be unique, not secret, so the runtime's `Math.random` does.
fn fresh_request_id() -> String {
    let draw = || (js_sys::Math::random() * 4_503_599_627_370_496.0) as u64; // 2^52
    alloc::format!("req_{:013x}{:013x}", draw(), draw())
}

fn headers_of(h: &web_sys::Headers) -> Headers {
    let mut out = Headers::new();
    let Ok(Some(iter)) = js_sys::try_iter(h) else {
        return out;
    };
    for entry in iter.flatten() {
        let pair: Array = entry.unchecked_into();
        if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            out.append(&k, v);
        }
    }
    out
}

enum BodyError {
    TooLarge,
    Read(String),
}

/// Reads the request body, stopping as soon as it passes `limit` bytes.
///
/// A body whose declared `content-length` is within the limit is read in one call (the runtime
/// never delivers more than the declared length): a request then costs one await instead of a
/// reader loop. Anything else (chunked, or declared too large) is read piece by piece, counted.
async fn read_body(
    request: &Request,
    limit: usize,
    declared: Option<usize>,
) -> Result<Vec<u8>, BodyError> {
    let Some(stream) = request.body() else {
        return Ok(Vec::new());
    };
    if declared.is_some_and(|n| n <= limit) {
        let whole = request
            .array_buffer()
            .map_err(|_| BodyError::Read(String::from("the body could not be read")))?;
        let buf = JsFuture::from(whole)
            .await
            .map_err(|_| BodyError::Read(String::from("the body could not be read")))?;
        let bytes = Uint8Array::new(&buf);
        if bytes.length() as usize > limit {
            return Err(BodyError::TooLarge);
        }
        return Ok(bytes.to_vec());
    }
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let step = JsFuture::from(reader.read())
            .await
            .map_err(|_| BodyError::Read(String::from("the body could not be read")))?;
        let done = Reflect::get(&step, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(out);
        }
        let value = Reflect::get(&step, &JsValue::from_str("value")).unwrap_or(JsValue::NULL);
        let Some(bytes) = value.dyn_ref::<Uint8Array>() else {
            return Err(BodyError::Read(String::from("the body is not bytes")));
        };
        if out.len() + bytes.length() as usize > limit {
            drain(&reader, limit).await;
            return Err(BodyError::TooLarge);
        }
        let start = out.len();
        out.resize(start + bytes.length() as usize, 0);
        if let Some(dst) = out.get_mut(start..) {
            bytes.copy_to(dst);
        }
    }
}

/// Most bytes read and thrown away after the limit was passed, before answering 413.
const DRAIN_MAX: usize = 1 << 20;

/// Reads the rest of an oversized body without keeping it, up to [`DRAIN_MAX`] bytes, then
/// stops. A body left half-read on a kept-alive connection breaks the next request on it in
/// `wrangler dev`; draining a bounded amount keeps memory flat and the connection usable.
async fn drain(reader: &ReadableStreamDefaultReader, limit: usize) {
    let mut seen = 0usize;
    while seen <= DRAIN_MAX.max(limit) {
        let Ok(step) = JsFuture::from(reader.read()).await else {
            return;
        };
        let done = Reflect::get(&step, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return;
        }
        seen += Reflect::get(&step, &JsValue::from_str("value"))
            .ok()
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .map_or(0, |b| b.length() as usize);
    }
    let _ = reader.cancel();
}

type Slot = Rc<RefCell<Option<SseStream<FetchTransport>>>>;

/// A reply for the Worker entry: status, headers, and either a whole body or a stream read
/// with [`GatewayReply::next`].
#[wasm_bindgen]
pub struct GatewayReply {
    status: u16,
    headers: Headers,
    body: Option<Vec<u8>>,
    stream: Slot,
    transport: Option<FetchTransport>,
    /// The upstream body handed to the Worker ([`GatewayReply::detach`]), kept so that it is
    /// cancelled (if not read to its end) only when this reply is freed.
    detached: Option<FetchBody>,
}

impl GatewayReply {
    fn full(r: Reply) -> GatewayReply {
        GatewayReply {
            status: r.status,
            headers: r.headers,
            body: Some(r.body),
            stream: Rc::new(RefCell::new(None)),
            transport: None,
            detached: None,
        }
    }

    fn outcome(o: Outcome<FetchTransport>, transport: FetchTransport) -> GatewayReply {
        match o {
            Outcome::Reply(r) => GatewayReply::full(r),
            Outcome::Stream(s) => GatewayReply::stream(*s, transport),
        }
    }

    fn stream(s: SseStream<FetchTransport>, transport: FetchTransport) -> GatewayReply {
        GatewayReply {
            status: s.status(),
            headers: s.headers().clone(),
            body: None,
            stream: Rc::new(RefCell::new(Some(s))),
            transport: Some(transport),
            detached: None,
        }
    }
}

impl GatewayReply {
    fn step(
        &mut self,
        read: Result<Option<&[u8]>, crate::error::ProviderError>,
    ) -> Option<Uint8Array> {
        let out = self.stream.try_borrow_mut().ok()?.as_mut()?.feed(read);
        (!out.is_empty()).then(|| Uint8Array::from(out.as_slice()))
    }
}

#[wasm_bindgen]
impl GatewayReply {
    /// HTTP status.
    #[wasm_bindgen(getter)]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Headers as one string, `name\nvalue\n…` (no name or value holds a line break): one
    /// crossing instead of two per header.
    pub fn headers(&self) -> String {
        join_headers(self.headers.iter())
    }

    /// Whether the body is a stream (read it with `next`).
    #[wasm_bindgen(getter, js_name = isStream)]
    pub fn is_stream(&self) -> bool {
        self.body.is_none()
    }

    /// The whole body of a non-stream reply (once).
    #[wasm_bindgen(js_name = takeBody)]
    pub fn take_body(&mut self) -> Option<Uint8Array> {
        self.body.take().map(|b| Uint8Array::from(b.as_slice()))
    }

    /// Resolves with the next piece of a streamed body (the SSE bytes of one upstream read),
    /// or `undefined` at its end.
    #[allow(clippy::should_implement_trait)] // A JS method name, not an iterator.
    pub fn next(&self) -> Promise {
        let slot = Rc::clone(&self.stream);
        future_to_promise(async move {
            // Out of the slot while awaiting: a concurrent call sees the end, not a panic.
            let taken = slot.borrow_mut().take();
            let Some(mut s) = taken else {
                return Ok(JsValue::UNDEFINED);
            };
            match s.next().await {
                Some(bytes) => {
                    *slot.borrow_mut() = Some(s);
                    Ok(Uint8Array::from(bytes.as_slice()).into())
                }
                None => Ok(JsValue::UNDEFINED),
            }
        })
    }

    /// Hands the upstream body over to the Worker: `io.js`'s `Body`, whose `read` the Worker
    /// awaits itself (idle timeout and error kinds as for the client), handing each piece to
    /// [`GatewayReply::feed`], the end to `end` and a failed read to `fail`: no Rust future
    /// per read. `undefined`: read the stream with `next` (a mock stream, a buffered body, a
    /// stream already over). Take the first piece with `takeFirst` either way.
    pub fn detach(&mut self) -> JsValue {
        // A stepped call's body was handed over before the reply was made (`GatewayCall`).
        if let Some(b) = &self.detached {
            return JsValue::clone(b.js());
        }
        let body = self
            .stream
            .try_borrow_mut()
            .ok()
            .and_then(|mut slot| slot.as_mut()?.detach_body());
        FetchBody::hand_to_js(body, &mut self.detached)
    }

    /// The first piece of a streamed body (the SSE bytes of the first batch), once.
    #[wasm_bindgen(js_name = takeFirst)]
    pub fn take_first(&mut self) -> Option<Uint8Array> {
        let first = self.stream.try_borrow_mut().ok()?.as_mut()?.take_first();
        first.map(|b| Uint8Array::from(b.as_slice()))
    }

    /// One piece of a detached upstream body: the caller's SSE bytes it completes (if any).
    /// Synchronous: one wasm call per piece, no promise.
    pub fn feed(&mut self, piece: &[u8]) -> Option<Uint8Array> {
        self.step(Ok(Some(piece)))
    }

    /// The end of a detached upstream body: the last SSE bytes (if any).
    pub fn end(&mut self) -> Option<Uint8Array> {
        self.step(Ok(None))
    }

    /// The failure of a detached upstream body (an `io.js` error: network, timeout,
    /// aborted): the error event that ends the stream, if it was still going.
    pub fn fail(&mut self, err: JsValue) -> Option<Uint8Array> {
        self.step(Err(from_io_error(&err)))
    }

    /// Whether a streamed body is complete (its end or an error event was written): the
    /// Worker then closes its stream and stops the pipe.
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.stream
            .try_borrow()
            .map_or(true, |s| s.as_ref().is_none_or(|s| s.is_finished()))
    }

    /// Stops a streamed reply (the caller went away): aborts the upstream request.
    pub fn cancel(&mut self) {
        if let Some(t) = &self.transport {
            t.abort();
        }
        if let Ok(mut slot) = self.stream.try_borrow_mut() {
            if let Some(s) = slot.as_mut() {
                s.cancel();
            }
            slot.take();
        }
    }
}
