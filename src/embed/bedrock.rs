//! Amazon Bedrock InvokeModel (`POST /model/{id}/invoke`, SigV4 or a Bedrock API key) for the
//! two text-embedding families it hosts.
//!
//! * **Titan text embeddings** (`amazon.titan-embed-text-v2:0`, v1): one text per call.
//!   Request `{inputText, dimensions?, normalize: true}` (v2: 256, 512 or 1024); response
//!   `{embedding: [number…], inputTextTokenCount}`.
//! * **Cohere embed** (`cohere.embed-english-v3`, `-multilingual-v3`, `cohere.embed-v4:0`): up
//!   to 96 texts a call. Request `{texts, input_type, output_dimension?}`, where `input_type`
//!   is required (`search_document` unless a query was asked for); response `{embeddings:
//!   [[number…]]}` (v3) or `{embeddings: {float: [[number…]]}}` (v4, typed). The token count is in
//!   the `X-Amzn-Bedrock-Input-Token-Count` response header.

use super::{wire, Batch, InputType, Options};
use crate::error::{ProviderError, Result};
use crate::http::Headers;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Value};

/// The Titan request body (exactly one text).
pub fn encode_titan(texts: &[String], o: &Options) -> Result<Value> {
    let [text] = texts else {
        return Err(ProviderError::internal("Titan embeds one text per call"));
    };
    let mut body = json!({ "inputText": text });
    if let Some(d) = o.dimensions {
        body["dimensions"] = Value::from(d);
        // v2 only (v1 takes nothing but the text): unit vectors, as every other provider's.
        body["normalize"] = Value::from(true);
    }
    Ok(body)
}

/// The Cohere request body.
pub fn encode_cohere(texts: &[String], o: &Options) -> Value {
    let input_type = match o.input_type {
        Some(InputType::Query) => "search_query",
        Some(InputType::Document) | None => "search_document",
    };
    let mut body = json!({ "texts": texts, "input_type": input_type });
    if let Some(d) = o.dimensions {
        body["output_dimension"] = Value::from(d);
    }
    body
}

/// Decodes a Titan response body.
pub fn decode_titan(body: &[u8]) -> Result<Batch> {
    let v = wire::parse(body, "Titan embeddings")?;
    let vector = v
        .get("embedding")
        .and_then(wire::vector)
        .ok_or_else(|| wire::bad("embedding"))?;
    Ok(Batch {
        vectors: alloc::vec![vector],
        input_tokens: wire::count(v.get("inputTextTokenCount")),
        model: None,
        cost: None,
    })
}

/// Decodes a Cohere response body (`embeddings` as floats, or typed `{float: …}`); the token
/// count comes from the response headers.
pub fn decode_cohere(body: &[u8], headers: &Headers) -> Result<Batch> {
    let v = wire::parse(body, "Cohere embed")?;
    let e = v.get("embeddings");
    let list = e
        .and_then(|e| e.get("float"))
        .or(e)
        .and_then(Value::as_array)
        .ok_or_else(|| wire::bad("embeddings"))?;
    let vectors = list
        .iter()
        .map(wire::vector)
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| wire::bad("embeddings"))?;
    let input_tokens = headers
        .get("x-amzn-bedrock-input-token-count")
        .and_then(|v| v.trim().parse().ok());
    Ok(Batch {
        vectors,
        input_tokens,
        model: None,
        cost: None,
    })
}
