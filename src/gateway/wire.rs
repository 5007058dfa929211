//! The APIs callers speak — OpenAI Chat Completions, OpenAI Responses and Anthropic Messages —
//! as one enum: parsing a request, writing the stream, the final body and errors in the
//! caller's shape. The conversions themselves live in `format::openai_chat`,
//! `format::openai_responses` and `format::anthropic`; this file only picks one and adds the
//! gateway's reply headers (the request id among them).

use crate::chunk::{Chunk, Usage};
use crate::error::{ProviderError, Result};
use crate::format::{anthropic, openai_chat, openai_responses, Inbound};
use crate::http::Headers;
use crate::response::CompletionResponse;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::Value;

/// A complete HTTP reply (status, headers, body), for everything that is not a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Headers (CORS included).
    pub headers: Headers,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON reply with `status`, adding `extra` headers (CORS).
    pub fn json(status: u16, body: &Value, extra: &Headers) -> Reply {
        let mut headers = base_headers("application/json");
        for (k, v) in extra.iter() {
            headers.set(k, v);
        }
        Reply {
            status,
            headers,
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    /// An empty reply (preflight answers).
    pub fn empty(status: u16, headers: Headers) -> Reply {
        Reply {
            status,
            headers,
            body: Vec::new(),
        }
    }
}

/// Headers every API reply carries.
pub fn base_headers(content_type: &str) -> Headers {
    let mut h = Headers::new();
    h.set("content-type", content_type);
    h.set("cache-control", "no-store");
    h.set("x-content-type-options", "nosniff");
    h
}

/// Headers of a streamed (SSE) reply.
pub fn stream_headers(extra: &Headers) -> Headers {
    let mut h = base_headers("text/event-stream; charset=utf-8");
    h.set("cache-control", "no-cache, no-store");
    for (k, v) in extra.iter() {
        h.set(k, v);
    }
    h
}

/// Which API a caller speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientApi {
    /// OpenAI Chat Completions (`POST /v1/chat/completions`).
    OpenAi,
    /// Anthropic Messages (`POST /v1/messages`).
    Anthropic,
    /// OpenAI Responses (`POST /v1/responses`).
    Responses,
}

impl ClientApi {
    /// Parses a request body in this API's format.
    pub fn parse(self, body: &Value) -> Result<Inbound> {
        match self {
            ClientApi::OpenAi => openai_chat::parse_inbound(body),
            ClientApi::Anthropic => anthropic::parse_inbound(body),
            ClientApi::Responses => openai_responses::parse_inbound(body),
        }
    }

    /// Sets the request id headers on `headers`: `x-request-id` always, and `request-id`
    /// where Anthropic's clients read it.
    pub fn set_request_id(self, headers: &mut Headers, id: &str) {
        headers.set("x-request-id", id);
        if self == ClientApi::Anthropic {
            headers.set("request-id", id);
        }
    }

    /// The error reply, shaped as this API shapes errors, with its status.
    pub fn error_reply(self, err: &ProviderError, extra: &Headers) -> Reply {
        let (status, body) = match self {
            ClientApi::OpenAi | ClientApi::Responses => openai_chat::error_body(err),
            ClientApi::Anthropic => anthropic::error_body(err),
        };
        let mut reply = Reply::json(status, &body, extra);
        if let Some(ms) = err.retry_after_ms {
            // Whole seconds, rounded up, as `retry-after` takes them; the official clients
            // also read the precise `retry-after-ms`.
            reply
                .headers
                .set("retry-after", alloc::format!("{}", ms.div_ceil(1000)));
            reply.headers.set("retry-after-ms", alloc::format!("{ms}"));
        }
        if status == 401 && self != ClientApi::Anthropic {
            reply.headers.set("www-authenticate", "Bearer");
        }
        reply
    }

    /// The non-streaming body for a finished response, reported as `model` (the name the
    /// caller asked for) at Unix time `created`.
    pub fn response_reply(
        self,
        resp: &CompletionResponse,
        model: &str,
        created: u64,
        extra: &Headers,
    ) -> Reply {
        let body = match self {
            ClientApi::OpenAi => openai_chat::response_body_at(resp, model, created),
            ClientApi::Responses => openai_responses::response_body(resp, model, created),
            ClientApi::Anthropic => {
                let mut b = anthropic::response_body(resp, model);
                if let Some(u) = b.get_mut("usage") {
                    add_cost(u, &resp.usage);
                }
                b
            }
        };
        Reply::json(200, &body, extra)
    }

    /// A stream writer for a response reported as `model`.
    pub fn writer(self, model: &str, created: u64, include_usage: bool) -> Writer {
        match self {
            ClientApi::OpenAi => Writer::OpenAi(openai_chat::SseWriter::new(
                "",
                model,
                created,
                include_usage,
            )),
            ClientApi::Anthropic => Writer::Anthropic {
                writer: anthropic::SseWriter::new(model),
                usage: None,
            },
            ClientApi::Responses => {
                Writer::Responses(openai_responses::SseWriter::new(model, created))
            }
        }
    }
}

/// Adds `cost` (USD) to an Anthropic-shaped usage object: Anthropic's own API has no cost
/// field, so this is the gateway's extension, next to the token counts.
fn add_cost(usage: &mut Value, u: &Usage) {
    if let (Some(m), Some(c)) = (usage.as_object_mut(), u.total_cost) {
        m.entry("cost").or_insert(Value::from(c));
    }
}

/// Chunks → SSE bytes in the caller's API.
#[derive(Debug)]
pub enum Writer {
    /// `chat.completion.chunk` events.
    OpenAi(openai_chat::SseWriter),
    /// Messages events.
    Anthropic {
        /// The format's writer.
        writer: anthropic::SseWriter,
        /// The usage seen, for the cost added to `message_delta`.
        usage: Option<Usage>,
    },
    /// Responses events.
    Responses(openai_responses::SseWriter),
}

impl Writer {
    /// The prompt usage known when the stream starts (Anthropic's `message_start` reports it;
    /// the other APIs have no place for it before the end).
    pub fn set_start_usage(&mut self, usage: Usage) {
        if let Writer::Anthropic { writer, .. } = self {
            writer.set_start_usage(usage);
        }
    }

    /// Appends the SSE bytes for `chunk`.
    pub fn push(&mut self, chunk: &Chunk, out: &mut Vec<u8>) {
        match self {
            Writer::OpenAi(w) => {
                let mut s = String::new();
                w.write(chunk, &mut s);
                out.extend_from_slice(s.as_bytes());
            }
            Writer::Responses(w) => w.push(chunk, out),
            Writer::Anthropic { writer, usage } => {
                if let Chunk::Usage(u) = chunk {
                    *usage = Some(u.clone());
                }
                if !matches!(chunk, Chunk::Finish { .. }) {
                    writer.push(chunk, out);
                    return;
                }
                let mut tmp = Vec::new();
                writer.push(chunk, &mut tmp);
                match usage {
                    Some(u) => out.extend_from_slice(&with_cost(&tmp, u)),
                    None => out.extend_from_slice(&tmp),
                }
            }
        }
    }

    /// Appends the in-stream error event; the stream ends there.
    pub fn error(&mut self, err: &ProviderError, out: &mut Vec<u8>) {
        match self {
            Writer::OpenAi(w) => {
                let mut s = String::new();
                w.write_error(err, &mut s);
                out.extend_from_slice(s.as_bytes());
            }
            Writer::Anthropic { writer, .. } => writer.error(err, out),
            Writer::Responses(w) => w.error(err, out),
        }
    }
}

/// Rewrites the `message_delta` event in `sse` with the cost added to its usage. Other
/// events pass unchanged. Events are `event: …\ndata: {json}\n\n` with the JSON on one line.
fn with_cost(sse: &[u8], u: &Usage) -> Vec<u8> {
    let Ok(text) = core::str::from_utf8(sse) else {
        return sse.to_vec();
    };
    let mut out = String::with_capacity(text.len() + 24);
    for line in text.split_inclusive('\n') {
        let patched = line
            .strip_prefix("data: ")
            .filter(|d| d.contains("\"message_delta\""))
            .and_then(|d| serde_json::from_str::<Value>(d.trim_end()).ok())
            .and_then(|mut v| {
                add_cost(v.get_mut("usage")?, u);
                serde_json::to_string(&v).ok()
            });
        match patched {
            Some(json) => {
                out.push_str("data: ");
                out.push_str(&json);
                out.push('\n');
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chunk::FinishReason;

    #[test]
    fn anthropic_stream_carries_the_cost() {
        let mut w = ClientApi::Anthropic.writer("mock/echo", 0, false);
        let mut out = Vec::new();
        for c in [
            Chunk::Metadata {
                id: Some("m1".into()),
                model: None,
                provider: "mock".into(),
            },
            Chunk::Text { text: "hi".into() },
            Chunk::Usage(Usage {
                input_tokens: 5,
                output_tokens: 2,
                total_cost: Some(0.25),
                ..Usage::default()
            }),
            Chunk::Finish {
                reason: FinishReason::Stop,
                raw_reason: None,
            },
        ] {
            w.push(&c, &mut out);
        }
        let text = String::from_utf8(out).unwrap();
        let delta = text
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .find(|l| l.contains("message_delta"))
            .unwrap();
        let v: Value = serde_json::from_str(delta).unwrap();
        assert_eq!(v["usage"]["cost"], 0.25);
        assert_eq!(v["usage"]["output_tokens"], 2);
        assert!(text.ends_with("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    }

    #[test]
    fn error_reply_shapes_and_retry_after() {
        let e = ProviderError::new(crate::error::ErrorKind::RateLimitError, "slow down")
            .with_status(429)
            .with_retry_after_ms(1500);
        let r = ClientApi::Anthropic.error_reply(&e, &Headers::new());
        assert_eq!(r.status, 429);
        assert_eq!(r.headers.get("retry-after"), Some("2"));
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["type"], "error");
        assert_eq!(v["error"]["type"], "rate_limit_error");
        let r = ClientApi::OpenAi.error_reply(&e, &Headers::new());
        let v: Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["error"]["message"], "slow down");
        assert_eq!(v["error"]["type"], "rate_limit_error");
    }
}
