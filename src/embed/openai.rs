//! OpenAI `POST /embeddings`, the shape most providers speak: OpenAI, Azure OpenAI (both
//! routes), LiteLLM, OpenRouter, Databricks (`/serving-endpoints/embeddings`), Venice, custom
//! OpenAI-compatible hosts, Ollama's OpenAI API, and Mistral (`output_dimension` for the
//! vector length).
//!
//! Request `{model, input: [text…], dimensions?}` (no `encoding_format`: float is the API's
//! default); response
//! `{data: [{index, embedding: [number…]}], model, usage: {prompt_tokens, total_tokens,
//! cost?}}` (`cost`: OpenRouter's own price, which wins over the catalog's).

use super::{wire, Batch, Options};
use crate::error::Result;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{json, Map, Value};

/// The request body; `dimensions_key` is `dimensions` (OpenAI) or `output_dimension`
/// (Mistral).
pub fn encode(texts: &[String], o: &Options, dimensions_key: &str) -> Value {
    let mut m = Map::new();
    m.insert("model".into(), Value::from(o.model));
    m.insert("input".into(), json!(texts));
    if let Some(d) = o.dimensions {
        m.insert(dimensions_key.into(), Value::from(d));
    }
    Value::Object(m)
}

/// Decodes a response body; items are put in `index` order.
pub fn decode(body: &[u8]) -> Result<Batch> {
    let v = wire::parse(body, "embeddings")?;
    let vectors = wire::by_index(wire::array(&v, "data")?)
        .into_iter()
        .map(|i| i.get("embedding").and_then(wire::vector))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| wire::bad("data[].embedding"))?;
    let usage = v.get("usage");
    Ok(Batch {
        vectors,
        input_tokens: wire::count(usage.and_then(|u| u.get("prompt_tokens")))
            .or_else(|| wire::count(usage.and_then(|u| u.get("total_tokens")))),
        model: v.get("model").and_then(Value::as_str).map(String::from),
        cost: usage.and_then(|u| u.get("cost")).and_then(Value::as_f64),
    })
}
