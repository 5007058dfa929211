//! `POST /v1/embeddings`: the OpenAI embeddings API in front of every provider that serves
//! embeddings, with the same routing, fallback and error shape as chat.
//!
//! Request `{model, input: string | string[], dimensions?, encoding_format?: "float" |
//! "base64", input_type?: "query" | "document", user?}`; reply `{object: "list", data:
//! [{object: "embedding", index, embedding}], model, usage: {prompt_tokens, total_tokens,
//! cost}}`, where a base64 `embedding` is the little-endian float32 bytes, as OpenAI sends
//! them. `cost` (USD, from the catalog) is the gateway's extension, as for chat.

use super::upstream::Target;
use super::wire::{base_headers, ClientApi, Reply};
use crate::client::{Client, Transport};
use crate::embed::{EmbedRequest, EmbedResponse};
use crate::error::{ErrorKind, ProviderError, Result};
use crate::http::Headers;
use alloc::string::String;
use alloc::vec::Vec;
use base64::Engine;
use serde::Serialize;
use serde_json::Value;

/// A parsed embeddings request.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedInbound {
    /// The request (its `model` is set per target).
    pub request: EmbedRequest,
    /// The model name the caller asked for (routed like chat).
    pub model: String,
    /// `encoding_format: "base64"`.
    pub base64: bool,
}

/// Parses an OpenAI embeddings request body.
pub fn parse(body: &Value) -> Result<EmbedInbound> {
    let model = match body.get("model") {
        Some(Value::String(m)) if !m.is_empty() => m.clone(),
        _ => {
            return Err(ProviderError::invalid_request(
                "model: required (a `provider/model` name or a route)",
            ))
        }
    };
    let base64 = match body.get("encoding_format") {
        None | Some(Value::Null) => false,
        Some(Value::String(f)) if f == "float" => false,
        Some(Value::String(f)) if f == "base64" => true,
        Some(_) => {
            return Err(ProviderError::invalid_request(
                "encoding_format: expected \"float\" or \"base64\"",
            ))
        }
    };
    let mut request = crate::embed::parse_request(body)?;
    request.model = None;
    Ok(EmbedInbound {
        request,
        model,
        base64,
    })
}

/// Runs the request on `targets` in fallback order: a target that fails is replaced by the
/// next (nothing was sent yet); an aborted request is not. Every failure is an OpenAI-shaped
/// error reply with its status.
pub async fn run<T: Transport + Clone>(
    inbound: &EmbedInbound,
    targets: &[Target],
    transport: T,
    cors: &Headers,
) -> Reply {
    let mut last: Option<ProviderError> = None;
    for target in targets {
        let mut req = inbound.request.clone();
        req.model = Some(target.model.clone());
        let client = Client::new(target.backend.clone(), transport.clone());
        match client.embed_with(transport.clone(), &req).await {
            Ok(resp) => return reply(&resp, inbound, cors),
            Err(e) if e.kind == ErrorKind::Aborted => {
                return ClientApi::OpenAi.error_reply(&e, cors)
            }
            Err(e) => last = Some(e),
        }
    }
    let e = last.unwrap_or_else(|| ProviderError::internal("no targets to call"));
    ClientApi::OpenAi.error_reply(&e, cors)
}

#[derive(Serialize)]
struct Body<'a> {
    object: &'static str,
    data: Vec<Item<'a>>,
    model: &'a str,
    usage: UsageOut,
}

#[derive(Serialize)]
struct Item<'a> {
    object: &'static str,
    index: usize,
    embedding: Embedding<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Embedding<'a> {
    Float(&'a [f64]),
    Base64(String),
}

#[derive(Serialize)]
struct UsageOut {
    prompt_tokens: u64,
    total_tokens: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost: Option<f64>,
}

/// The little-endian float32 bytes of `v`, base64: OpenAI's `encoding_format: "base64"`.
pub fn base64_f32(v: &[f64]) -> String {
    let bytes: Vec<u8> = v.iter().flat_map(|x| (*x as f32).to_le_bytes()).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn reply(resp: &EmbedResponse, inbound: &EmbedInbound, cors: &Headers) -> Reply {
    let data = resp
        .embeddings
        .iter()
        .enumerate()
        .map(|(index, v)| Item {
            object: "embedding",
            index,
            embedding: if inbound.base64 {
                Embedding::Base64(base64_f32(v))
            } else {
                Embedding::Float(v)
            },
        })
        .collect();
    let body = Body {
        object: "list",
        data,
        model: &inbound.model,
        usage: UsageOut {
            prompt_tokens: resp.usage.input_tokens,
            total_tokens: resp.usage.input_tokens,
            cost: resp.usage.total_cost,
        },
    };
    let mut headers = base_headers("application/json");
    for (k, v) in cors.iter() {
        headers.set(k, v);
    }
    Reply {
        status: 200,
        headers,
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_openai_body() {
        let e = parse(
            &json!({"model": "mock/embed", "input": "hi", "encoding_format": "base64",
            "dimensions": 4, "user": "u"}),
        )
        .unwrap();
        assert!(e.base64);
        assert_eq!(e.model, "mock/embed");
        assert_eq!(e.request.dimensions, Some(4));
        assert!(parse(&json!({"input": "hi"})).is_err());
        assert!(parse(&json!({"model": "m", "input": "hi", "encoding_format": "int8"})).is_err());
    }

    #[test]
    fn base64_is_little_endian_f32() {
        // 1.0f32 = 0x3f800000 → 00 00 80 3f.
        assert_eq!(base64_f32(&[1.0]), "AACAPw==");
    }
}
