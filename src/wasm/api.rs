//! The wasm exports behind the JS API (`js/core.js` wraps them into the public classes).
//!
//! Objects cross as JSON text in both directions: JS does `JSON.stringify` / `JSON.parse`
//! once per call or per batch, which is faster than building objects field by field across
//! the boundary and keeps serde-wasm-bindgen out of the package.

use super::config::{backend_from_json, env_from_json, ClientOptions};
use super::error::to_js_error;
use super::fetch::FetchTransport;
use super::io::{call_gate, is_browser_page};
use super::promise;
use super::stream::WasmStream;
use crate::client::{Backend, Client};
use crate::decode::{decode_stream, decode_whole, stream_decoder};
use crate::error::{ProviderError, Result};
use crate::format::{Framing, StreamDecoder, WireFormat};
use crate::message::Request;
use crate::response::Accumulator;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::Promise;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

fn js_err(e: ProviderError) -> JsValue {
    to_js_error(&e)
}

fn parse_json(text: &str, what: &str) -> Result<Value> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(text)
        .map_err(|e| ProviderError::invalid_request(format!("{what} is not valid JSON: {e}")))
}

/// Parses a request object's JSON text.
pub fn parse_request(text: &str) -> Result<Request> {
    let v = parse_json(text, "request")?;
    if !v.is_object() {
        return Err(ProviderError::invalid_request("request must be an object"));
    }
    crate::message::parse_request(&v)
}

/// A configured client (wrapped by the JS `Client` class).
#[wasm_bindgen]
pub struct WasmClient {
    client: Client<FetchTransport>,
    options: ClientOptions,
    /// The `fetch` option (`undefined`: the global `fetch`); a function cannot cross as JSON.
    fetch: JsValue,
}

impl WasmClient {
    /// A client for `backend`. In a browser page a real credential needs
    /// `dangerouslyAllowBrowser`, as in the official SDKs.
    pub fn with_backend(backend: Backend, options: ClientOptions) -> Result<WasmClient> {
        let has_secret = match &backend {
            Backend::Http(e) => e.secrets().iter().any(|s| !s.is_empty()),
            Backend::Mock(_) => false,
        };
        if has_secret && !options.dangerously_allow_browser && is_browser_page() {
            return Err(ProviderError::config(
                "refusing to use an API key in a browser page: everyone who loads the page \
                 can read it. Call aster from a server or Worker (e.g. through the aster \
                 gateway), or pass { dangerouslyAllowBrowser: true } in the client options \
                 if the key is the user's own.",
            ));
        }
        let transport = FetchTransport::new(call_gate(None), options.timeouts);
        Ok(WasmClient {
            client: Client::new(backend, transport),
            options,
            fetch: JsValue::UNDEFINED,
        })
    }

    fn transport(&self, signal: Option<AbortSignal>) -> FetchTransport {
        FetchTransport::new(call_gate(signal), self.options.timeouts).with_fetch(self.fetch.clone())
    }
}

#[wasm_bindgen]
impl WasmClient {
    /// `new WasmClient(configJson, optionsJson, envJson)`: unset settings (credentials,
    /// region, …) are filled from the environment object.
    #[wasm_bindgen(constructor)]
    pub fn new(
        config_json: &str,
        options_json: &str,
        env_json: &str,
    ) -> core::result::Result<WasmClient, JsValue> {
        let r = (|| {
            let config =
                parse_json(config_json, "config").map_err(|e| ProviderError::config(e.message))?;
            let options = ClientOptions::from_json(&parse_json(options_json, "options")?)?;
            let env = env_from_json(&parse_json(env_json, "env")?);
            WasmClient::with_backend(backend_from_json(&config, &env, &options)?, options)
        })();
        r.map_err(js_err)
    }

    /// Sets the `fetch` the client's calls use (a function, or `undefined` for the global one).
    #[wasm_bindgen(js_name = setFetch)]
    pub fn set_fetch(&mut self, fetch: JsValue) {
        self.fetch = fetch;
    }

    /// The configured model.
    #[wasm_bindgen(getter)]
    pub fn model(&self) -> String {
        String::from(self.client.model())
    }

    /// The aster provider name.
    #[wasm_bindgen(getter)]
    pub fn provider(&self) -> String {
        String::from(self.client.provider_name())
    }

    /// Starts a stream. Never throws: a bad request errors the stream on its first read.
    pub fn stream(&self, request_json: &str, signal: Option<AbortSignal>) -> WasmStream {
        let transport = self.transport(signal);
        match parse_request(request_json) {
            Ok(req) => WasmStream::new(self.client.stream_with(transport.clone(), req), transport),
            Err(e) => WasmStream::failed(e, transport),
        }
    }

    /// Runs a request to the end; resolves with the `CompletionResponse` as JSON text.
    pub fn complete(&self, request_json: &str, signal: Option<AbortSignal>) -> Promise {
        let req = match parse_request(request_json) {
            Ok(r) => r,
            Err(e) => return Promise::reject(&js_err(e)),
        };
        let transport = self.transport(signal);
        let mut stream = self.client.stream_with(transport.clone(), req);
        promise::spawn(Box::pin(async move {
            let mut acc = Accumulator::new();
            while let Some(batch) = stream
                .next_batch()
                .await
                .map_err(|e| transport.js_error(&e))?
            {
                acc.extend(&batch);
            }
            let mut v = serde_json::to_value(acc.finish())
                .map_err(|e| js_err(ProviderError::internal(format!("{e}"))))?;
            // Settings the provider could not honour (DESIGN §3.1: warnings, not failures).
            if let (Some(m), false) = (v.as_object_mut(), stream.warnings().is_empty()) {
                let w = serde_json::to_value(stream.warnings()).unwrap_or(Value::Null);
                m.insert(String::from("warnings"), w);
            }
            Ok(JsValue::from_str(&v.to_string()))
        }))
    }
}

#[wasm_bindgen]
impl WasmClient {
    /// Counts a request's input tokens (`Client::count_tokens`); resolves with
    /// `{inputTokens, estimated, totalCost}` as JSON text.
    #[wasm_bindgen(js_name = countTokens)]
    pub fn count_tokens(&self, request_json: &str, signal: Option<AbortSignal>) -> Promise {
        let req = match parse_request(request_json) {
            Ok(r) => r,
            Err(e) => return Promise::reject(&js_err(e)),
        };
        let client = Client::new(self.client.backend().clone(), self.transport(signal));
        promise::spawn(Box::pin(async move {
            let c = client.count_tokens(&req, None).await.map_err(js_err)?;
            let v = serde_json::json!({
                "inputTokens": c.input_tokens,
                "estimated": c.estimated,
                "totalCost": c.total_cost,
            });
            Ok(JsValue::from_str(&v.to_string()))
        }))
    }

    /// Embeds `{input, dimensions?, inputType?, model?}`; resolves with the `EmbedResponse`
    /// (`{embeddings, usage, model, warnings?}`) as JSON text. Same retry, timeouts, abort
    /// and error objects as `complete`.
    pub fn embed(&self, request_json: &str, signal: Option<AbortSignal>) -> Promise {
        let req = match parse_json(request_json, "request")
            .and_then(|v| crate::embed::parse_request(&v))
        {
            Ok(r) => r,
            Err(e) => return Promise::reject(&js_err(e)),
        };
        let client = self.client.clone();
        let transport = self.transport(signal);
        promise::spawn(Box::pin(async move {
            let resp = client
                .embed_with(transport.clone(), &req)
                .await
                .map_err(|e| transport.js_error(&e))?;
            let json = serde_json::to_string(&resp)
                .map_err(|e| js_err(ProviderError::internal(format!("{e}"))))?;
            Ok(JsValue::from_str(&json))
        }))
    }
}

fn wire_format(name: &str) -> Result<WireFormat> {
    WireFormat::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = WireFormat::ALL.iter().map(|f| f.name()).collect();
        ProviderError::config(format!(
            "unknown format `{name}` (expected one of: {})",
            names.join(", ")
        ))
    })
}

fn framing(name: &str, format: WireFormat) -> Result<Framing> {
    Ok(match name {
        "" => format.default_framing(),
        "sse" => Framing::Sse,
        "ndjson" => Framing::Ndjson,
        "event-stream" => Framing::EventStream,
        "event-stream-sse" => Framing::EventStreamSse,
        other => return Err(ProviderError::config(format!("unknown framing `{other}`"))),
    })
}

fn chunks_json(chunks: &[crate::chunk::Chunk]) -> Result<String> {
    serde_json::to_string(chunks).map_err(|e| ProviderError::internal(format!("{e}")))
}

/// Whether `body` is one JSON document (a non-streaming body) rather than a stream.
fn is_whole_json(body: &[u8]) -> bool {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    matches!(first, Some(b'{') | Some(b'[')) && crate::json::value(body).is_ok()
}

/// Decodes a recorded body (`decode(format, bytes, {provider, stream})` in JS). Returns the
/// chunks as JSON text; a body that ends in an error throws that error with the chunks
/// produced before it as `chunksJson`.
#[wasm_bindgen(js_name = decodeBody)]
pub fn decode_body_js(
    format: &str,
    body: &[u8],
    provider: &str,
    stream: Option<bool>,
) -> core::result::Result<String, JsValue> {
    let format = wire_format(format).map_err(js_err)?;
    let provider = if provider.is_empty() {
        "unknown"
    } else {
        provider
    };
    let whole = match stream {
        Some(s) => !s,
        None => is_whole_json(body),
    };
    let decoded = if whole {
        decode_whole(format, provider, body)
    } else {
        decode_stream(format, provider, body, 0)
    };
    let json = chunks_json(&decoded.chunks).map_err(js_err)?;
    match decoded.error {
        None => Ok(json),
        Some(e) => {
            let err = js_err(e);
            let _ = js_sys::Reflect::set(&err, &"chunksJson".into(), &json.into());
            Err(err)
        }
    }
}

/// An incremental decoder for bodies the caller reads itself (`new Decoder(format)`).
#[wasm_bindgen]
pub struct WasmDecoder {
    inner: StreamDecoder,
}

#[wasm_bindgen]
impl WasmDecoder {
    /// A decoder for `format` (framing `""` = the format's default).
    #[wasm_bindgen(constructor)]
    pub fn new(
        format: &str,
        provider: &str,
        framing_name: &str,
    ) -> core::result::Result<WasmDecoder, JsValue> {
        let f = wire_format(format).map_err(js_err)?;
        let fr = framing(framing_name, f).map_err(js_err)?;
        let provider = if provider.is_empty() {
            "unknown"
        } else {
            provider
        };
        Ok(WasmDecoder {
            inner: stream_decoder(f, fr, provider),
        })
    }

    /// Feeds bytes; returns the chunks they completed as JSON text.
    pub fn feed(&mut self, bytes: &[u8]) -> core::result::Result<String, JsValue> {
        let mut out = Vec::new();
        let r = self.inner.feed(bytes, &mut out);
        self.result(out, r)
    }

    /// Ends the body; returns the final chunks as JSON text.
    pub fn finish(&mut self) -> core::result::Result<String, JsValue> {
        let mut out = Vec::new();
        let r = self.inner.finish(&mut out);
        self.result(out, r)
    }

    fn result(
        &self,
        out: Vec<crate::chunk::Chunk>,
        r: Result<()>,
    ) -> core::result::Result<String, JsValue> {
        let json = chunks_json(&out).map_err(js_err)?;
        match r {
            Ok(()) => Ok(json),
            Err(e) => {
                let err = js_err(e);
                let _ = js_sys::Reflect::set(&err, &"chunksJson".into(), &json.into());
                Err(err)
            }
        }
    }
}

/// The size of the wasm linear memory in bytes (for tests and benchmarks: memory must stay
/// flat however long a stream is).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buf: js_sys::ArrayBuffer = mem.buffer().unchecked_into();
    f64::from(buf.byte_length())
}
